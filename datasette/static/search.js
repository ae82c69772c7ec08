// Results as you type in the search box, from /api/v1/search. Without this script the box is a
// plain form that submits to /search, so nothing depends on it.
(function () {
  "use strict";
  const input = document.getElementById("wump-q");
  const list = document.getElementById("wump-suggestions");
  if (!input || !list) return;
  let pending = null;
  let timer = null;
  let active = -1;

  function hide() { list.hidden = true; list.replaceChildren(); active = -1; }

  function show(results) {
    list.replaceChildren();
    for (const result of results) {
      const item = document.createElement("li");
      item.setAttribute("role", "option");
      const link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.name;
      const kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = result.type === "package"
        ? (result.organizations ? result.organizations + " owners" : "package")
        : (result.owner_type === "User" ? "personal account" : "organization");
      link.appendChild(kind);
      item.appendChild(link);
      list.appendChild(item);
    }
    list.hidden = results.length === 0;
    active = -1;
  }

  function lookup() {
    const q = input.value.trim();
    if (pending) pending.abort();
    // One letter matches most of a large index; wait for two.
    if (q.length < 2) { hide(); return; }
    pending = new AbortController();
    fetch("/api/v1/search?q=" + encodeURIComponent(q), { signal: pending.signal })
      .then((response) => (response.ok ? response.json() : []))
      .then(show)
      .catch((error) => { if (error.name !== "AbortError") hide(); });
  }

  input.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(lookup, 120); });
  input.addEventListener("keydown", (event) => {
    const links = list.querySelectorAll("a");
    if (!links.length) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      active = (active + (event.key === "ArrowDown" ? 1 : links.length - 1)) % links.length;
      links.forEach((link, i) => link.classList.toggle("active", i === active));
    } else if (event.key === "Enter" && active >= 0) {
      event.preventDefault();
      window.location.href = links[active].href;
    } else if (event.key === "Escape") {
      hide();
    }
  });
  document.addEventListener("click", (event) => { if (!list.contains(event.target) && event.target !== input) hide(); });
})();
