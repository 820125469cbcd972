// The GSI-KG query page: YASGUI against this server only (no network beyond it).
"use strict";

(function () {
  const config = JSON.parse(document.getElementById("gsikg-config").textContent);

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: config.endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: config.endpoint }] },
    persistenceId: null,
    populateFromUrl: true,
    yasqe: {
      value: config.defaultQuery,
      persistenceId: null,
      // class/property completion asks a remote service; keep what works offline
      autocompleters: ["prefixes", "variables"],
    },
    yasr: {
      prefixes: config.prefixes,
      pluginOrder: ["table", "response"],
      defaultPlugin: "table",
      persistenceId: null,
    },
  });

  const nav = document.getElementById("examples");
  for (const example of config.examples) {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = example.title;
    button.title = example.description;
    button.dataset.example = example.name;
    button.addEventListener("click", () => {
      yasgui.getTab().setQuery(example.query);
    });
    nav.appendChild(button);
  }
  window.gsikgYasgui = yasgui;
})();
