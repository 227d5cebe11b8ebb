/* The expression graphs (Graphviz SVG images in a cell's output) on a narrow
   column: micrograd's drawings run left to right, from the inputs to the output
   node, which is the point of the figure. A drawing wider than the column is
   shown up to 20% smaller (its text stays readable); one that would need more
   keeps its natural size in a box that scrolls sideways, starts scrolled to its
   right end, so the output node is in view, and says that it scrolls. */
(function () {
  "use strict";
  var SMALLEST_SCALE = 0.8;

  function fit(img) {
    var box = img.parentElement;
    var natural = img.naturalWidth;
    var parent = box.parentElement, style = getComputedStyle(parent);
    var column = Math.floor(parent.clientWidth - parseFloat(style.paddingLeft)
                            - parseFloat(style.paddingRight)); // the column's content
    if (!natural || !column) return; // not loaded, or folded away: refit when shown
    // fits, or fits at most 20% smaller, or scrolls at its natural size
    var width = natural;
    if (natural > column && natural * SMALLEST_SCALE <= column) width = column;
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
      // at the right end, and kept there when the column changes (a solution
      // opens, the phone turns) until the reader scrolls it elsewhere
      if (box.dataset.mgPinned !== "no") box.scrollLeft = box.scrollWidth;
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
      if (hasNote) note.remove();
    }
  }

  // Refit a drawing when its column changes size, or when it is first shown
  // (a drawing in a folded solution has no size until the solution opens).
  var watch = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var img = entry.target.querySelector(".mg-drawing > img");
      if (img) fit(img);
    });
  }) : null;

  function setUp(img) {
    var box = img.parentElement;
    if (!box.classList.contains("mg-drawing")) {
      box = document.createElement("div");
      box.className = "mg-drawing";
      img.parentElement.insertBefore(box, img);
      box.appendChild(img);
    }
    if (watch) watch.observe(box.parentElement);
    box.addEventListener("scroll", function () {
      var atEnd = box.scrollLeft + box.clientWidth >= box.scrollWidth - 2;
      box.dataset.mgPinned = atEnd ? "yes" : "no";
    }, { passive: true });
    if (img.complete) fit(img);
    else img.addEventListener("load", function () { fit(img); }, { once: true });
  }

  function setUpAll() {
    document.querySelectorAll('.cell_output img[src$=".svg"]').forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
  if (!watch) window.addEventListener("resize", setUpAll);
})();
