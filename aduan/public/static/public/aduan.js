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

  // Kelurahan in two steps: a "Kecamatan" select, then only that kecamatan's kelurahan. Built from
  // the grouped select already in the page, which stays the submitted field; it runs after the
  // draft restore above so that a restored kelurahan also chooses its kecamatan.
  each("[data-area-picker]", function (box) {
    var area = box.querySelector("select");
    var field = area && area.closest(".field");
    if (!field || area.querySelector(":scope > option:not([value=''])")) { return; }
    var first = area.querySelector(":scope > option[value='']");
    var promptText = first ? first.textContent : "";
    var pattern = (box.getAttribute("data-group-pattern") || "").split("*");
    var groups = Array.prototype.map.call(area.querySelectorAll("optgroup"), function (group) {
      var name = group.label;
      // "Kecamatan Tangerang" / "Tangerang district" read as "Tangerang" under the "Kecamatan" label,
      // so that typing a letter jumps to the kecamatan that starts with it.
      if (pattern.length === 2 && name.indexOf(pattern[0]) === 0 && name.slice(name.length - pattern[1].length) === pattern[1]) {
        name = name.slice(pattern[0].length, name.length - pattern[1].length) || name;
      }
      return { name: name, options: Array.prototype.slice.call(group.children) };
    });
    if (!groups.length) { return; }
    function option(value, text) {
      var el = doc.createElement("option"); el.value = value; el.textContent = text; return el;
    }
    var districtField = doc.createElement("div");
    districtField.className = "field";
    var label = doc.createElement("label");
    label.className = "label"; label.htmlFor = area.id + "_kecamatan";
    label.textContent = box.getAttribute("data-district-label");
    var district = doc.createElement("select");
    district.id = area.id + "_kecamatan";
    // No name: never sent, never kept in the browser's draft; the kelurahan says everything.
    district.autocomplete = "off";
    district.appendChild(option("", box.getAttribute("data-district-prompt")));
    groups.forEach(function (group, i) { district.appendChild(option(String(i), group.name)); });
    districtField.appendChild(label); districtField.appendChild(district);
    // Inside the kelurahan's field: one question, so an error marks both selects together.
    field.insertBefore(districtField, field.firstChild);
    var hint = field.querySelector(".hint");
    if (hint) { hint.textContent = box.getAttribute("data-area-hint"); }
    var shown; // undefined until the first draw
    function show() {
      var group = district.value === "" ? null : groups[parseInt(district.value, 10)];
      if (group === shown) { return; }
      shown = group;
      var keep = area.value;
      while (area.firstChild) { area.removeChild(area.firstChild); }
      area.appendChild(option("", group ? promptText : box.getAttribute("data-area-wait")));
      if (group) { group.options.forEach(function (el) { area.appendChild(el); }); }
      area.value = group && group.options.some(function (el) { return el.value === keep; }) ? keep : "";
      area.disabled = !group;
    }
    groups.forEach(function (group, i) {
      group.options.forEach(function (el) { if (area.value && el.value === area.value) { district.value = String(i); } });
    });
    show();
    // "input" runs before the form's autosave hears the same event, so the saved draft is current.
    district.addEventListener("input", show);
    district.addEventListener("change", show);
    // The error summary links to the kelurahan; while it waits for a kecamatan, go there instead.
    each("[data-error-summary] a[href='#" + area.id + "']", function (link) {
      link.addEventListener("click", function (ev) {
        if (area.disabled) { ev.preventDefault(); district.focus(); }
      });
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
