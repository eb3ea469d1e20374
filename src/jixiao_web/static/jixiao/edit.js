/* 填报页：在原位添加／删除行（表格由 grid.js 处理）；输入时（防抖）调用 /check 接口，把计算值、审核发现的问题和
   校验错误显示在相关字段旁边（按字段路径 data-path 匹配 location.path）。无需任何第三方库。 */
(function () {
  "use strict";
  var form = document.getElementById("package-form");
  if (!form) return;
  var statusEl = document.getElementById("check-status");
  var panel = document.getElementById("live-findings");
  var timer = null;
  var seq = 0;

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function byPath(path) {
    var nodes = form.querySelectorAll("[data-path]");
    for (var i = 0; i < nodes.length; i++) if (nodes[i].getAttribute("data-path") === path) return nodes[i];
    return null;
  }
  // The element for a path, or for the nearest enclosing path that is on the page.
  function nearest(path) {
    var p = path;
    while (p) {
      var el = byPath(p);
      if (el) return el;
      var cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["));
      if (cut <= 0) break;
      p = p.slice(0, cut);
    }
    return null;
  }
  function liveOf(el) {
    var live = null;
    for (var i = 0; i < el.children.length; i++) if (el.children[i].classList.contains("live")) live = el.children[i];
    if (!live) {
      live = document.createElement("div");
      live.className = "live";
      live.setAttribute("aria-live", "polite");
      if (el.tagName === "TR") { var td = el.lastElementChild; td.appendChild(live); return live; }
      var legend = el.querySelector(":scope > legend");
      if (legend) legend.insertAdjacentElement("afterend", live); else el.insertBefore(live, el.firstChild);
    }
    return live;
  }
  function inGrid(el) { return !!(el.closest && el.closest("table.grid")); }
  // In a grid the cell is marked and titled; the message itself is in the panel beside the form.
  function mark(el, severity, text) {
    var target = el.matches("tr") ? el.querySelector("td[data-col=name]") || el.firstElementChild : el;
    target.classList.add("flag-" + severity);
    var old = target.getAttribute("title");
    target.setAttribute("title", old ? old + "\n" + text : text);
    target.setAttribute("data-marked", "1");
  }
  function clear() {
    form.querySelectorAll("[data-marked]").forEach(function (m) { m.removeAttribute("title"); m.removeAttribute("data-marked"); m.classList.remove("flag-error", "flag-warning", "flag-info"); });
    form.querySelectorAll(".live").forEach(function (l) { l.innerHTML = ""; });
    form.querySelectorAll(".flag-error, .flag-warning").forEach(function (f) { f.classList.remove("flag-error", "flag-warning"); });
  }
  function show(data) {
    clear();
    var html = [];
    Object.keys(data.errors || {}).forEach(function (path) {
      var el = nearest(path);
      var place = (data.places || {})[path] || "";
      (data.errors[path] || []).forEach(function (msg) {
        if (el && inGrid(el)) { mark(el, "error", "格式错误：" + msg); }
        else if (el) { liveOf(el).insertAdjacentHTML("beforeend", '<span class="finding error">格式错误：' + esc(msg) + "</span>"); el.classList.add("flag-error"); }
        html.push('<p class="finding error"><span class="sev error">格式</span> ' + esc(place) + "：" + esc(msg) + "</p>");
      });
    });
    var cells = {};
    form.querySelectorAll("[data-computed]").forEach(function (c) { cells[c.getAttribute("data-computed")] = c; c.textContent = ""; });
    Object.keys(data.computed || {}).forEach(function (path) {
      if (cells[path]) { cells[path].textContent = data.computed[path]; return; }
      var el = byPath(path);
      if (el) liveOf(el).insertAdjacentHTML("beforeend", '<span class="computed">按所填数字计算：' + esc(data.computed[path]) + "</span>");
    });
    var here = 0, elsewhere = 0;
    (data.findings || []).forEach(function (f) {
      var el = f.form_path ? nearest(f.form_path) : null;
      if (!el) { elsewhere++; return; }
      here++;
      var text = esc(f.code) + " " + esc(f.message) + (f.computed ? "（计算值：" + esc(f.computed) + "）" : "");
      if (inGrid(el)) mark(el, f.severity, f.code + " " + f.message);
      else liveOf(el).insertAdjacentHTML("beforeend", '<span class="finding ' + esc(f.severity) + '">' + esc(f.severity_label) + "：" + text + "</span>");
      if (f.severity === "error" || f.severity === "warning") el.classList.add("flag-" + f.severity);
      html.push('<p class="finding ' + esc(f.severity) + '"><span class="sev ' + esc(f.severity) + '">' + esc(f.severity_label) + "</span> " + text + " <small>" + esc(f.where || "") + "</small></p>");
    });
    if (!html.length) html.push("<p>本部分未发现问题。</p>");
    if (elsewhere) html.push('<p class="hint">其他部分还有 ' + elsewhere + " 个问题。</p>");
    panel.innerHTML = html.join("");
    statusEl.textContent = data.valid ? "已按当前填写检查（" + here + " 个问题在本页）" : "有格式错误，保存前请修改";
  }
  function check() {
    var mine = ++seq;
    statusEl.textContent = "正在检查…";
    fetch(form.getAttribute("data-check-url"), {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (r) { return r.json(); })
      .then(function (data) { if (mine === seq) show(data); })
      .catch(function () { statusEl.textContent = "检查暂时不可用（不影响保存）"; });
  }
  function schedule() { clearTimeout(timer); timer = setTimeout(check, 600); }

  if (window.JixiaoGrid) window.JixiaoGrid.init(form, schedule);
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);
  form.addEventListener("click", function (ev) {
    var t = ev.target;
    if (t.classList.contains("add-row")) {
      ev.preventDefault();
      var tpl = t.nextElementSibling;
      var next = parseInt(t.getAttribute("data-next"), 10);
      t.setAttribute("data-next", String(next + 1));
      var html = tpl.innerHTML.split(t.getAttribute("data-placeholder")).join(String(next));
      var box = document.createElement("div");
      var list = t.parentElement.querySelector(".items");
      var node;
      if (list.tagName === "TBODY") {
        box.innerHTML = "<table><tbody>" + html.replace(/^\s*<table><tbody>|<\/tbody><\/table>\s*$/g, "") + "</tbody></table>";
        node = box.querySelector("tr");
      } else {
        box.innerHTML = html;
        node = box.firstElementChild;
      }
      list.appendChild(node);
      var first = node.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
      schedule();
    } else if (t.classList.contains("remove-row")) {
      ev.preventDefault();
      var item = t.closest(".item");
      if (item) item.remove();
      schedule();
    }
  });
  // Reviewer comments beside the fields they concern.
  var notes = document.getElementById("reviewer-comments");
  if (notes) {
    var comments = JSON.parse(notes.textContent || "{}");
    Object.keys(comments).forEach(function (path) {
      var el = nearest(path);
      if (!el) return;
      comments[path].forEach(function (text) {
        var p = document.createElement("p");
        p.className = "review-note";
        p.textContent = "审核意见：" + text;
        el.appendChild(p);
      });
    });
  }
  check();
})();
