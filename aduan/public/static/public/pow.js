/* Proof-of-work for public forms (aduan/lib/antispam.py): find a number whose SHA-256 together
   with the server's challenge starts with the required zero bits, then put it in the form.
   Without Web Crypto (old browsers, plain http) nothing happens and the server falls back to
   a waiting time. */
(function () {
  "use strict";
  var status = document.querySelector("[data-pow-status]");
  if (!status || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var bits = parseInt(status.getAttribute("data-pow-bits"), 10);
  var output = document.getElementById(status.getAttribute("data-pow-for"));
  var challengeInput = document.getElementById(status.getAttribute("data-pow-challenge-for"));
  if (!output || !challengeInput || !(bits > 0)) { return; }
  var challenge = challengeInput.value;
  var encoder = new TextEncoder();

  function zeroBits(buffer) {
    var bytes = new Uint8Array(buffer);
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      var b = bytes[i];
      while ((b & 0x80) === 0) { count += 1; b <<= 1; }
      break;
    }
    return count;
  }

  var counter = 0;
  function step() {
    var batch = [];
    for (var i = 0; i < 256; i++) {
      batch.push(window.crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + (counter + i))));
    }
    Promise.all(batch).then(function (digests) {
      for (var j = 0; j < digests.length; j++) {
        if (zeroBits(digests[j]) >= bits) {
          output.value = String(counter + j);
          status.textContent = status.getAttribute("data-done") || "\u2713";
          return;
        }
      }
      counter += 256;
      window.setTimeout(step, 0);
    });
  }
  step();
})();
