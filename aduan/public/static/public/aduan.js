/* Small enhancements; every page works without them. No framework, no network calls but tiles. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.className += " js";
  var PREFIX = "aduan-draft:";
  function each(selector, fn) { Array.prototype.forEach.call(doc.querySelectorAll(selector), fn); }
  function store() { try { return window.localStorage; } catch (e) { return null; } }

  // The error summary takes focus so screen readers announce it first.
  var summary = doc.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Character count under long text fields.
  each("[data-count-for]", function (note) {
    var field = doc.getElementById(note.getAttribute("data-count-for"));
    var max = parseInt(note.getAttribute("data-max"), 10);
    if (!field) { return; }
    var template = note.textContent;
    function update() {
      var left = max - field.value.length;
      note.textContent = left >= 0 ? "Sisa " + left + " karakter." : "Kelebihan " + (-left) + " karakter.";
      if (doc.documentElement.lang === "en") {
        note.textContent = left >= 0 ? left + " characters left." : (-left) + " characters too many.";
      }
    }
    field.addEventListener("input", update);
    if (field.value) { update(); } else { note.textContent = template; }
  });

  // Copy the tracking code.
  each("[data-copy]", function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = button.getAttribute("data-copied");
      });
    });
  });

  // Draft autosave: answers are also kept in this browser, so a dropped connection loses nothing.
  var ls = store();
  if (ls && doc.querySelector("[data-draft-done]")) {
    Object.keys(ls).forEach(function (key) { if (key.indexOf(PREFIX) === 0) { ls.removeItem(key); } });
  }
  each("form[data-autosave]", function (form) {
    if (!ls) { return; }
    var key = PREFIX + form.getAttribute("data-autosave");
    var saved = {};
    try { saved = JSON.parse(ls.getItem(key) || "{}"); } catch (e) { saved = {}; }
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "file" || !(el.name in saved)) { return; }
      if (el.type === "radio") {
        if (!form.querySelector("input[name='" + el.name + "']:checked")) { el.checked = el.value === saved[el.name]; }
      } else if (el.type === "checkbox") {
        return;
      } else if (!el.value) {
        el.value = saved[el.name];
      }
    });
    form.addEventListener("input", function () {
      var data = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!el.name || el.type === "hidden" || el.type === "file" || el.type === "checkbox") { return; }
        if (el.type === "radio") { if (el.checked) { data[el.name] = el.value; } return; }
        data[el.name] = el.value;
      });
      ls.setItem(key, JSON.stringify(data));
    });
  });

  // Sending twice by double click: the server makes one complaint anyway; this saves the wait.
  each("form[data-submit-once]", function (form) {
    form.addEventListener("submit", function () {
      setTimeout(function () { each("form[data-submit-once] button", function (b) { b.disabled = true; }); }, 0);
    });
  });

  // Location: "use my location" with geolocation, and a tile map loaded only when asked.
  each("[data-location]", function (box) {
    var form = box.form || box.closest("form");
    var lat = form.querySelector("[name=latitude]");
    var lon = form.querySelector("[name=longitude]");
    var status = box.querySelector("[data-location-status]");
    function choose(a, b) {
      lat.value = a.toFixed(6); lon.value = b.toFixed(6);
      status.textContent = (doc.documentElement.lang === "en" ? "Chosen point: " : "Titik terpilih: ") + lat.value + ", " + lon.value;
    }
    var geo = box.querySelector("[data-geolocate]");
    if (navigator.geolocation && geo) {
      geo.hidden = false;
      geo.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (p) { choose(p.coords.latitude, p.coords.longitude); map && map.center(p.coords.latitude, p.coords.longitude); },
          function () { status.textContent = doc.documentElement.lang === "en" ? "Your location is not available." : "Lokasi Anda tidak tersedia."; },
          { enableHighAccuracy: true, timeout: 15000 });
      });
    }
    var map = null;
    var open = box.querySelector("[data-open-map]");
    if (open) {
      open.addEventListener("click", function () {
        var el = box.querySelector("[data-map]");
        el.hidden = false; open.hidden = true;
        map = tileMap(el, box.getAttribute("data-tiles"), box.getAttribute("data-credit"), choose);
        map.center(parseFloat(lat.value) || -6.178, parseFloat(lon.value) || 106.63);
      });
    }
  });

  // A minimal slippy map: a grid of 256 px tiles at zoom 17 around a centre; a tap sets the pin.
  function tileMap(el, template, credit, onPick) {
    var Z = 17, N = Math.pow(2, Z), cx = 0, cy = 0;
    function toPx(la, lo) {
      var r = la * Math.PI / 180;
      return [(lo + 180) / 360 * N * 256, (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2 * N * 256];
    }
    function toLatLon(x, y) {
      var n = Math.PI - 2 * Math.PI * y / (N * 256);
      return [180 / Math.PI * Math.atan(0.5 * (Math.exp(n) - Math.exp(-n))), x / (N * 256) * 360 - 180];
    }
    var pin = doc.createElement("span"); pin.className = "map__pin"; pin.hidden = true;
    function draw() {
      el.innerHTML = "";
      var w = el.clientWidth, h = el.clientHeight, left = cx - w / 2, top = cy - h / 2;
      for (var tx = Math.floor(left / 256); tx <= Math.floor((left + w) / 256); tx++) {
        for (var ty = Math.floor(top / 256); ty <= Math.floor((top + h) / 256); ty++) {
          var img = doc.createElement("img");
          img.alt = ""; img.src = template.replace("{s}", "a").replace("{z}", Z).replace("{x}", tx).replace("{y}", ty);
          img.style.left = (tx * 256 - left) + "px"; img.style.top = (ty * 256 - top) + "px";
          el.appendChild(img);
        }
      }
      el.appendChild(pin);
      if (credit) { var c = doc.createElement("span"); c.className = "map__credit"; c.textContent = credit; el.appendChild(c); }
      if (pin.px) { pin.style.left = (pin.px[0] - left) + "px"; pin.style.top = (pin.px[1] - top) + "px"; }
    }
    el.addEventListener("click", function (ev) {
      var box = el.getBoundingClientRect();
      var x = cx - el.clientWidth / 2 + ev.clientX - box.left, y = cy - el.clientHeight / 2 + ev.clientY - box.top;
      pin.px = [x, y]; pin.hidden = false;
      var ll = toLatLon(x, y); onPick(ll[0], ll[1]); draw();
    });
    return { center: function (la, lo) { var p = toPx(la, lo); cx = p[0]; cy = p[1]; draw(); } };
  }
}());
