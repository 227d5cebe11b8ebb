/* The expression graphs (Graphviz SVG images in a cell's output) on a narrow
   column: micrograd's drawings run left to right, from the inputs to the output
   node, which is the point of the figure. A drawing wider than the column is
   shown up to 20% smaller (its text stays readable); if it still does not fit,
   it sits in a box that scrolls sideways, starts scrolled to its right end, so
   the output node is in view, and says that it scrolls. */
(function () {
  "use strict";
  var SMALLEST_SCALE = 0.8;

  function fit(img) {
    var box = img.parentElement;
    if (!box.classList.contains("mg-drawing")) {
      box = document.createElement("div");
      box.className = "mg-drawing";
      img.parentElement.insertBefore(box, img);
      box.appendChild(img);
    }
    var natural = img.naturalWidth;
    if (!natural) return;
    var column = box.parentElement.clientWidth;
    var width = natural;
    if (natural > column) width = Math.max(column, natural * SMALLEST_SCALE);
    img.style.width = width + "px";
    var scrolls = width > column + 1;
    box.classList.toggle("mg-scrolls", scrolls);
    var note = box.nextElementSibling;
    var hasNote = note && note.classList.contains("mg-scroll-note");
    if (scrolls) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", "Drawing, scrolls sideways");
      if (!hasNote) {
        note = document.createElement("span");
        note.className = "mg-scroll-note";
        note.textContent = "\u2190 The drawing scrolls sideways; the output is on the right.";
        box.parentElement.insertBefore(note, box.nextSibling);
      }
      box.scrollLeft = box.scrollWidth;
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      if (hasNote) note.remove();
    }
  }

  function fitAll() {
    document.querySelectorAll('.cell_output img[src$=".svg"]').forEach(function (img) {
      if (img.complete) fit(img);
      else img.addEventListener("load", function () { fit(img); }, { once: true });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", fitAll);
  else fitAll();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(fitAll, 150);
  });
})();
