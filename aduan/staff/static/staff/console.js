// Response templates: picking one fills the chosen form's textarea, so staff can edit before posting.
// Without JavaScript the picker is a GET form that prefills the same textarea on the server.
(function () {
  var select = document.querySelector("[data-insert-template]");
  if (!select) return;
  var targets = { post_update: "message", resolve: "message", request_info: "question" };
  select.addEventListener("change", function () {
    var option = select.options[select.selectedIndex];
    var body = option && option.getAttribute("data-body");
    if (!body) return;
    var which = select.form.querySelector("[name=untuk]");
    var action = which ? which.value : "post_update";
    var field = document.getElementById("id_" + action + "-" + targets[action]);
    if (!field) return;
    var details = document.getElementById("tindakan-" + action);
    if (details) details.open = true;
    field.value = body;
    field.focus();
  });
  var summary = document.querySelector(".error-summary");
  if (summary) summary.focus();
})();
