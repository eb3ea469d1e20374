/* 页面通用交互（无第三方库，符合内容安全策略）：
   - 带 data-confirm 的表单提交前请用户确认（报送、恢复版本等）；
   - 点击问题或表格行旁的“就此提意见”，把意见框对准该字段（无需输入任何路径）；
   - 中文的文件选择控件。 */
(function () {
  "use strict";
  document.addEventListener("submit", function (ev) {
    var form = ev.target, text = form.getAttribute && form.getAttribute("data-confirm");
    if (text && !window.confirm(text)) ev.preventDefault();
  }, true);

  function target() {
    var box = document.getElementById("return-box");
    if (box) { box.open = true; return { select: document.getElementById("return-path"), text: document.getElementById("return-text"), box: box }; }
    var form = document.getElementById("comment-form");
    if (form) return { select: document.getElementById("c-path"), text: document.getElementById("c-text"), box: form };
    return null;
  }
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest("[data-comment-path]");
    if (!el) return;
    ev.preventDefault();
    var t = target();
    if (!t || !t.select) return;
    var path = el.getAttribute("data-comment-path"), found = false;
    Array.prototype.forEach.call(t.select.options, function (o) { if (o.value === path) found = true; });
    if (!found && path) {  // a finding on a place the field list does not hold: add it by its name
      var o = document.createElement("option");
      o.value = path; o.textContent = el.getAttribute("data-comment-label") || "所选问题";
      t.select.appendChild(o);
    }
    t.select.value = path;
    var code = t.select.parentElement.querySelector(".comment-code");
    if (code) code.value = el.getAttribute("data-comment-code") || "";
    t.box.scrollIntoView({ block: "center" });
    if (t.text) t.text.focus();
  });

  document.querySelectorAll(".file-picker input[type=file]").forEach(function (input) {
    var shown = input.parentElement.querySelector(".file-name");
    input.addEventListener("change", function () {
      shown.textContent = input.files.length ? input.files[0].name : "未选择文件";
    });
  });
})();
