// Swagger UI on wump's OpenAPI document. validatorUrl null: the default sends the document to an
// online validator, and the docs must load nothing from outside this site.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
  });
});
