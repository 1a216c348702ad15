/* Errata leaderboard: sorting and filtering only. The page is complete without this script.
   It reads cell text and data-sort attributes and moves existing rows; it never parses HTML. */
(function () {
  "use strict";

  function sortValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var value = cell.getAttribute("data-sort");
    return value === null ? cell.textContent.trim().toLowerCase() : value;
  }

  function compareValues(a, b) {
    if (a === "" || b === "") { return a === b ? 0 : (a === "" ? 1 : -1); }  // empty cells last
    var x = Number(a), y = Number(b);
    if (!isNaN(x) && !isNaN(y)) { return x - y; }
    return a < b ? -1 : (a > b ? 1 : 0);
  }

  function sortTable(table, index, direction) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var sign = direction === "ascending" ? 1 : -1;
    rows.forEach(function (row, position) { row.setAttribute("data-position", String(position)); });
    rows.sort(function (r1, r2) {
      var a = sortValue(r1, index), b = sortValue(r2, index);
      if (a === "" || b === "") { return compareValues(a, b); }
      return sign * compareValues(a, b) || Number(r1.getAttribute("data-position")) - Number(r2.getAttribute("data-position"));
    });
    rows.forEach(function (row) { row.classList.remove("group-start"); body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      if (i === index) { th.setAttribute("aria-sort", direction); } else { th.removeAttribute("aria-sort"); }
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (th.firstChild) { button.appendChild(th.firstChild); }
      th.appendChild(button);
      button.addEventListener("click", function () {
        var current = th.getAttribute("aria-sort");
        var first = th.getAttribute("data-first") || "ascending";
        var next = current ? (current === "ascending" ? "descending" : "ascending") : first;
        sortTable(table, index, next);
      });
    });
  });

  var box = document.getElementById("filter");
  if (box) {
    box.hidden = false;
    var input = box.querySelector("input");
    input.addEventListener("input", function () {
      var query = input.value.trim().toLowerCase();
      Array.prototype.forEach.call(document.querySelectorAll("tr[data-name]"), function (row) {
        row.hidden = query !== "" && row.getAttribute("data-name").indexOf(query) === -1;
      });
    });
  }
}());
