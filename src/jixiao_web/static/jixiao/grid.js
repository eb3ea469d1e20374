/* 填报表格：像纸质／Excel 表一样填写。
   - 方向键、回车（向下）、Shift+回车（向上）、Tab 在格子间移动；Alt+回车在格内换行；
   - 从 Excel／WPS 复制的一块单元格（制表符分隔）可粘贴到任一格，按需自动添加行；
   - 绩效指标表的一级／二级指标为合并单元格：插入、删除行时合并范围随之调整，行号按表中顺序重排。
   不依赖任何第三方库；由 edit.js 调用 JixiaoGrid.init(form, schedule)。 */
(function () {
  "use strict";

  function controls(row) {
    return Array.prototype.filter.call(
      row.querySelectorAll("[data-col] input:not([type=hidden]), [data-col] textarea, [data-col] select"),
      function (el) { return !el.disabled; });
  }
  function colOf(el) { var td = el.closest("[data-col]"); return td ? td.getAttribute("data-col") : null; }
  function rowsOf(table) { return Array.prototype.slice.call(table.querySelectorAll("tbody.items > tr.item")); }
  function controlIn(row, col) {
    var td = row.querySelector('[data-col="' + col + '"]');
    return td ? td.querySelector("input:not([type=hidden]), textarea, select") : null;
  }
  function focusCell(el) {
    if (!el) return false;
    el.focus();
    if (el.select && el.tagName !== "SELECT") { try { el.select(); } catch (e) { /* some inputs */ } }
    return true;
  }
  function vertical(el, step) {
    var row = el.closest("tr.item"), col = colOf(el), rows = rowsOf(row.closest("table"));
    for (var i = rows.indexOf(row) + step; i >= 0 && i < rows.length; i += step) {
      var target = controlIn(rows[i], col);
      if (target) return focusCell(target);
    }
    return false;
  }
  function horizontal(el, step) {
    var row = el.closest("tr.item"), list = controls(row), i = list.indexOf(el) + step;
    if (i >= 0 && i < list.length) return focusCell(list[i]);
    var rows = rowsOf(row.closest("table")), r = rows.indexOf(row) + step;
    if (r < 0 || r >= rows.length) return false;
    var next = controls(rows[r]);
    return focusCell(step > 0 ? next[0] : next[next.length - 1]);
  }
  function caretAtStart(el) { return el.selectionStart === 0 && el.selectionEnd === 0; }
  function caretAtEnd(el) { return el.selectionStart === el.value.length; }
  function onFirstLine(el) { return el.value.lastIndexOf("\n", el.selectionStart - 1) === -1; }
  function onLastLine(el) { return el.value.indexOf("\n", el.selectionEnd) === -1; }

  function keydown(ev) {
    var el = ev.target;
    if (!el.closest || !el.closest("table.grid") || !el.closest("tr.item")) return;
    if (el.tagName === "SELECT" || ev.ctrlKey || ev.metaKey) return;
    var area = el.tagName === "TEXTAREA", moved = false;
    if (ev.key === "Enter") {
      if (area && ev.altKey) {  // Alt+Enter: a new line inside the cell, as in Excel
        var s = el.selectionStart;
        el.value = el.value.slice(0, s) + "\n" + el.value.slice(el.selectionEnd);
        el.selectionStart = el.selectionEnd = s + 1;
        el.dispatchEvent(new Event("input", { bubbles: true }));
        moved = true;
      } else {
        moved = vertical(el, ev.shiftKey ? -1 : 1) || true;
      }
    } else if (ev.key === "ArrowDown" && (!area || onLastLine(el))) {
      moved = vertical(el, 1);
    } else if (ev.key === "ArrowUp" && (!area || onFirstLine(el))) {
      moved = vertical(el, -1);
    } else if (ev.key === "ArrowRight" && caretAtEnd(el)) {
      moved = horizontal(el, 1);
    } else if (ev.key === "ArrowLeft" && caretAtStart(el)) {
      moved = horizontal(el, -1);
    }
    if (moved) ev.preventDefault();
  }

  /* ---- rows: renumber, merged cells, insert, remove ---- */

  function renumber(table) {
    var list = table.getAttribute("data-list");
    if (!list) return;
    var prefix = list + "[";
    rowsOf(table).forEach(function (row, i) {
      var fix = function (value) {
        if (!value || value.indexOf(prefix) !== 0) return value;
        var end = value.indexOf("]", prefix.length);
        return prefix + i + value.slice(end);
      };
      var fixId = function (value) {
        var idPrefix = "f-" + prefix.replace(/[^A-Za-z0-9_-]/g, "-");
        if (!value || value.indexOf(idPrefix) !== 0) return value;
        var rest = value.slice(idPrefix.length), cut = rest.indexOf("-");
        return idPrefix + i + rest.slice(cut);
      };
      row.setAttribute("data-path", fix(row.getAttribute("data-path")));
      row.querySelectorAll("[name],[data-path],[data-computed],[id],label[for]").forEach(function (n) {
        ["name", "data-path", "data-computed"].forEach(function (a) {
          if (n.hasAttribute(a)) n.setAttribute(a, fix(n.getAttribute(a)));
        });
        if (n.id) n.id = fixId(n.id);
        if (n.tagName === "LABEL" && n.htmlFor) n.htmlFor = fixId(n.htmlFor);
      });
    });
  }
  // The merged cell (一级 or 二级) covering a row, and the rows it spans.
  function cover(row, level) {
    var rows = rowsOf(row.closest("table")), i = rows.indexOf(row);
    for (var j = i; j >= 0; j--) {
      var td = rows[j].querySelector("td.merged." + level);
      if (td) return (j + (td.rowSpan || 1) > i) ? { td: td, first: j, rows: rows } : null;
    }
    return null;
  }
  function follow(td) {  // copy a merged cell's values into the hidden inputs of the rows it covers
    var level = td.getAttribute("data-col"), row = td.closest("tr");
    var rows = rowsOf(row.closest("table")), start = rows.indexOf(row);
    var select = td.querySelector("select"), raw = td.querySelector('input[type=hidden][data-col$="_raw"]');
    for (var k = start + 1; k < start + (td.rowSpan || 1) && k < rows.length; k++) {
      var h = rows[k].querySelector('input[data-follows="' + level + '"]');
      var hr = rows[k].querySelector('input[data-follows="' + level + '_raw"]');
      if (h && select) h.value = select.value;
      if (hr && raw) hr.value = raw.value;
    }
  }
  function hiddenFor(td, path) {  // hidden inputs standing in a covered row for a merged cell
    var level = td.getAttribute("data-col"), select = td.querySelector("select");
    var raw = td.querySelector('input[type=hidden][data-col$="_raw"]');
    var a = document.createElement("input"), b = document.createElement("input");
    a.type = b.type = "hidden";
    a.name = path + "." + level; a.value = select ? select.value : "";
    a.setAttribute("data-col", level); a.setAttribute("data-follows", level);
    b.name = path + "." + level + "_raw"; b.value = raw ? raw.value : "";
    b.setAttribute("data-col", level + "_raw"); b.setAttribute("data-follows", level + "_raw");
    return [a, b];
  }
  function insertAfter(row, fresh) {
    row.parentNode.insertBefore(fresh, row.nextSibling);
    ["level1", "level2"].forEach(function (level) {
      var c = cover(row, level), own = fresh.querySelector("td.merged." + level);
      if (!c || !own) return;
      if (c.first + (c.td.rowSpan || 1) - 1 < c.rows.indexOf(row)) return;
      own.remove();
      c.td.rowSpan = (c.td.rowSpan || 1) + 1;
      hiddenFor(c.td, fresh.getAttribute("data-path")).forEach(function (h) {
        fresh.querySelector("td.act").appendChild(h);
      });
    });
  }
  function removeRow(row) {
    var rows = rowsOf(row.closest("table")), i = rows.indexOf(row), next = rows[i + 1];
    ["level1", "level2"].forEach(function (level) {
      var own = row.querySelector("td.merged." + level);
      if (own) {
        if ((own.rowSpan || 1) > 1 && next) {  // hand the merged cell to the next row
          next.querySelectorAll('input[data-follows^="' + level + '"]').forEach(function (h) { h.remove(); });
          own.rowSpan = own.rowSpan - 1;
          var anchor = level === "level1" ? next.firstElementChild : next.querySelector("td.merged.level1") ?
            next.querySelector("td.merged.level1").nextElementSibling : next.firstElementChild;
          next.insertBefore(own, anchor);
          // the cell's inputs are named for the removed row: rename to the next row's
          own.querySelectorAll("[name]").forEach(function (n) {
            n.name = next.getAttribute("data-path") + n.name.slice(row.getAttribute("data-path").length);
          });
        }
      } else {
        var c = cover(row, level);
        if (c) c.td.rowSpan = Math.max(1, (c.td.rowSpan || 1) - 1);
      }
    });
    row.remove();
  }
  function newRow(button) {
    var tpl = button.nextElementSibling, next = parseInt(button.getAttribute("data-next"), 10);
    button.setAttribute("data-next", String(next + 1));
    var html = tpl.innerHTML.split(button.getAttribute("data-placeholder")).join(String(next));
    var box = document.createElement("tbody");
    box.innerHTML = html.replace(/^\s*<table>\s*<tbody>|<\/tbody>\s*<\/table>\s*$/g, "");
    return box.querySelector("tr");
  }
  function addButton(table) {
    var b = table.nextElementSibling;
    while (b && !(b.classList && b.classList.contains("add-row"))) b = b.nextElementSibling;
    return b;
  }
  function appendRow(table) {
    var b = addButton(table);
    if (!b) return null;
    var row = newRow(b);
    table.querySelector("tbody.items").appendChild(row);
    return row;
  }

  /* ---- paste a block from Excel / WPS ---- */

  function parseBlock(text) {  // tab-separated, rows by newline, "quoted" cells may hold newlines
    var rows = [], row = [], cell = "", i = 0, quoted = false;
    text = text.replace(/\r\n?/g, "\n");
    while (i < text.length) {
      var ch = text[i];
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { cell += '"'; i += 2; continue; }
        if (ch === '"') { quoted = false; i++; continue; }
        cell += ch; i++; continue;
      }
      if (ch === '"' && cell === "") { quoted = true; i++; continue; }
      if (ch === "\t") { row.push(cell); cell = ""; i++; continue; }
      if (ch === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; continue; }
      cell += ch; i++;
    }
    if (cell !== "" || row.length) { row.push(cell); rows.push(row); }
    return rows;
  }
  function setValue(el, value) {
    if (el.tagName === "SELECT") {
      var v = value.trim(), hit = null;
      Array.prototype.forEach.call(el.options, function (o) {
        if (!hit && o.value && (o.text === v || o.value === v || (v && v.indexOf(o.text.replace(/指标$/, "")) === 0))) hit = o;
      });
      if (hit) el.value = hit.value;
      var raw = el.closest("td") && el.closest("td").querySelector('input[type=hidden][data-col$="_raw"]');
      if (raw) raw.value = v;
    } else {
      el.value = value.trim();
    }
  }
  function paste(ev, schedule) {
    var el = ev.target;
    if (!el.closest || !el.closest("table.grid") || !el.closest("tr.item")) return;
    var text = (ev.clipboardData || window.clipboardData).getData("text");
    if (!text || (text.indexOf("\t") === -1 && text.replace(/\n$/, "").indexOf("\n") === -1)) return;
    ev.preventDefault();
    var block = parseBlock(text.replace(/\n$/, ""));
    var table = el.closest("table"), rows = rowsOf(table), start = rows.indexOf(el.closest("tr.item"));
    var cols = Array.prototype.map.call(table.querySelectorAll("thead th[data-col], thead th[class^=c-]"), function (th) {
      return th.getAttribute("data-col") || th.className.replace(/^c-/, "").split(" ")[0];
    }).filter(function (c) { return c !== "rule"; });
    var first = cols.indexOf(colOf(el));
    block.forEach(function (cells, r) {
      var row = rows[start + r];
      if (!row) { row = appendRow(table); rows = rowsOf(table); }
      if (!row) return;
      cells.forEach(function (value, c) {
        var col = cols[first + c];
        if (!col) return;
        var target = controlIn(row, col);
        if (target) { if (value.trim() || target.tagName !== "SELECT") setValue(target, value); return; }
        // a covered row of a merged cell: an empty cell (Excel's merged range) keeps the group's value
        if (!value.trim()) return;
        var h = row.querySelector('input[data-follows="' + col + '"]');
        var hr = row.querySelector('input[data-follows="' + col + '_raw"]');
        if (hr) hr.value = value.trim();
        if (h) {
          var td = cover(row, col), sel = td && td.td.querySelector("select");
          if (sel) {
            var probe = sel.cloneNode(true);
            setValue(probe, value);
            h.value = probe.value;
          }
        }
      });
    });
    renumber(table);
    if (schedule) schedule();
  }

  function init(form, schedule) {
    form.addEventListener("keydown", keydown);
    form.addEventListener("paste", function (ev) { paste(ev, schedule); });
    form.addEventListener("change", function (ev) {
      var td = ev.target.closest && ev.target.closest("td.merged");
      if (!td) return;
      var raw = td.querySelector('input[type=hidden][data-col$="_raw"]');
      if (raw && ev.target.tagName === "SELECT") raw.value = "";  // the label now is the chosen one
      var shown = td.querySelector(".raw");
      if (shown) shown.remove();
      follow(td);
    });
    form.addEventListener("click", function (ev) {
      var t = ev.target;
      if (!t.classList) return;
      var table = t.closest("table.grid");
      if (t.classList.contains("insert-row") && table) {
        ev.preventDefault();
        var row = t.closest("tr.item"), fresh = newRow(addButton(table));
        insertAfter(row, fresh);
        renumber(table);
        focusCell(controls(fresh)[0]);
        if (schedule) schedule();
      } else if (t.classList.contains("remove-row") && table) {
        ev.preventDefault();
        ev.stopImmediatePropagation();
        removeRow(t.closest("tr.item"));
        renumber(table);
        if (schedule) schedule();
      } else if (t.classList.contains("add-row")) {
        var grid = t.previousElementSibling;
        while (grid && !(grid.tagName === "TABLE" && grid.classList.contains("grid"))) grid = grid.previousElementSibling;
        if (!grid) return;
        ev.preventDefault();
        ev.stopImmediatePropagation();
        var added = appendRow(grid);
        renumber(grid);
        if (added) focusCell(controls(added)[0]);
        if (schedule) schedule();
      }
    }, true);
  }

  window.JixiaoGrid = { init: init, renumber: renumber, parseBlock: parseBlock };
})();
