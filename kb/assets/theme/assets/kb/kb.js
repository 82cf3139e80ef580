/* The knowledge base site's own script: debate maps (mermaid) and the graph view (cytoscape).
 * Both libraries are served with the site (assets/vendor/), loaded only on the pages that need
 * them. Text from entries is only ever set with textContent or drawn on a canvas. */
(function () {
  "use strict";

  /* ---- debate maps ---------------------------------------------------------------------- */
  var mapCount = 0;

  function linkNodes(holder, scope) {
    var links = {};
    scope.querySelectorAll("a[data-node]").forEach(function (a) {
      links[a.getAttribute("data-node")] = a;
    });
    holder.querySelectorAll("g.node").forEach(function (node) {
      var match = /flowchart-(n\d+)-\d+$/.exec(node.id || "");
      var link = match && links[match[1]];
      if (!link) return;
      node.classList.add("kb-map-node");
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "link");
      node.setAttribute("aria-label", link.textContent);
      var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = link.getAttribute("title") || link.textContent;
      node.insertBefore(title, node.firstChild);
      var go = function () { window.location.href = link.href; };
      node.addEventListener("click", go);
      node.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); go(); }
      });
    });
  }

  function renderMaps() {
    var blocks = document.querySelectorAll("pre.kb-mermaid");
    if (!blocks.length) return;
    if (typeof window.mermaid === "undefined" || window.mermaid instanceof Element) {
      blocks.forEach(function (pre) { pre.classList.add("kb-mermaid--unavailable"); });
      return;
    }
    var font = window.getComputedStyle(document.body).fontFamily;
    window.mermaid.initialize({
      startOnLoad: false,
      securityLevel: "strict",
      theme: "base",
      themeVariables: { fontFamily: font, fontSize: "14px", lineColor: "#555" },
      flowchart: { useMaxWidth: true, wrappingWidth: 220, curve: "basis" }
    });
    blocks.forEach(function (pre) {
      var id = "kb-map-" + mapCount++;
      var holder = document.createElement("div");
      holder.className = "kb-debate-map";
      window.mermaid.render(id, pre.textContent).then(function (result) {
        holder.innerHTML = result.svg; /* mermaid's own output, sanitized in its strict mode */
        pre.replaceWith(holder);
        linkNodes(holder, holder.parentNode || document);
      }).catch(function (error) {
        pre.classList.add("kb-mermaid--unavailable");
        console.warn("kb: the debate map could not be drawn:", error);
      });
    });
  }

  /* ---- graph view ----------------------------------------------------------------------- */
  var COLORS = { term: "#3f6ec6", claim: "#d98c10", argument: "#7b4bb7", prediction: "#1f9e89",
                 evidence: "#c2185b", source: "#6d6d6d" };

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function neighbourhood(data, focus, depth) {
    var adjacent = {};
    data.edges.forEach(function (e) {
      (adjacent[e.source] = adjacent[e.source] || []).push(e.target);
      (adjacent[e.target] = adjacent[e.target] || []).push(e.source);
    });
    var distance = {}; distance[focus] = 0;
    var frontier = [focus];
    for (var d = 1; d <= depth; d++) {
      var next = [];
      frontier.forEach(function (id) {
        (adjacent[id] || []).forEach(function (other) {
          if (!(other in distance)) { distance[other] = d; next.push(other); }
        });
      });
      frontier = next;
    }
    return distance;
  }

  function graphView() {
    var container = document.getElementById("kb-graph");
    if (!container) return;
    if (typeof window.cytoscape === "undefined") {
      container.textContent = "The graph view needs JavaScript.";
      return;
    }
    var here = new URL(window.location.href);
    var root = new URL("../", here);
    var params = here.searchParams;
    var focus = params.get("focus");
    var depth = Math.max(1, Math.min(3, parseInt(params.get("depth") || "1", 10) || 1));
    var controls = document.getElementById("kb-graph-controls");
    var info = element("div", { "class": "kb-graph-info", "aria-live": "polite" });
    container.parentNode.insertBefore(info, container.nextSibling);

    fetch(new URL("data.json", here)).then(function (r) { return r.json(); }).then(function (data) {
      var byId = {};
      data.nodes.forEach(function (n) { byId[n.id] = n; });
      var distance = null;
      if (focus && byId[focus]) {
        distance = neighbourhood(data, focus, depth);
      } else if (focus) {
        controls.appendChild(element("p", {}, "No entry has the id \u201c" + focus + "\u201d; showing everything."));
        focus = null;
      }
      var keep = function (id) { return distance === null || id in distance; };

      if (focus) {
        var p = element("p");
        p.appendChild(document.createTextNode("The neighbourhood of "));
        p.appendChild(element("a", { href: new URL(byId[focus].url, root).href }, byId[focus].name));
        p.appendChild(document.createTextNode(" \u00b7 "));
        [1, 2, 3].forEach(function (d) {
          if (d === depth) { p.appendChild(element("strong", {}, d + (d === 1 ? " step" : " steps"))); }
          else { p.appendChild(element("a", { href: "?focus=" + encodeURIComponent(focus) + "&depth=" + d }, d + (d === 1 ? " step" : " steps"))); }
          p.appendChild(document.createTextNode(" "));
        });
        p.appendChild(document.createTextNode("\u00b7 "));
        p.appendChild(element("a", { href: "./" }, "the whole knowledge base"));
        controls.appendChild(p);
      }

      var elements = [];
      data.nodes.forEach(function (n) {
        if (!keep(n.id)) return;
        var label = n.name.length > 48 ? n.name.slice(0, 46) + "\u2026" : n.name;
        elements.push({ data: { id: n.id, label: label, kind: n.kind, url: n.url, name: n.name,
                                summary: n.summary, focus: n.id === focus ? 1 : 0,
                                distance: distance ? distance[n.id] : 0 } });
      });
      data.edges.forEach(function (e, i) {
        if (keep(e.source) && keep(e.target)) {
          elements.push({ data: { id: "e" + i, source: e.source, target: e.target, relation: e.relation.replace(/_/g, " ") } });
        }
      });
      var nodeCount = elements.filter(function (x) { return !x.data.source; }).length;
      var edgeCount = elements.length - nodeCount;
      var layout = focus ? { name: "concentric", concentric: function (n) { return 10 - n.data("distance"); },
                              levelWidth: function () { return 1; }, minNodeSpacing: 30, animate: false }
                         : (nodeCount <= 400 ? { name: "cose", animate: false, nodeRepulsion: function () { return 9000; },
                                                 idealEdgeLength: function () { return 80; }, randomize: false }
                                             : { name: "concentric", animate: false, minNodeSpacing: 6 });
      var cy = window.cytoscape({
        container: container,
        elements: elements,
        wheelSensitivity: 0.3,
        style: [
          { selector: "node", style: { "background-color": function (n) { return COLORS[n.data("kind")] || "#888"; },
            "label": "data(label)", "font-size": 10, "color": "#222", "text-valign": "bottom", "text-margin-y": 3,
            "text-wrap": "ellipsis", "text-max-width": 140, "width": 16, "height": 16,
            "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1 } },
          { selector: "node[focus = 1]", style: { "width": 28, "height": 28, "border-width": 3, "border-color": "#111", "font-weight": "bold", "font-size": 12 } },
          { selector: "edge", style: { "width": 1.2, "line-color": "#b9b9b9", "target-arrow-color": "#b9b9b9",
            "target-arrow-shape": "triangle", "arrow-scale": 0.7, "curve-style": "bezier",
            "label": edgeCount <= 60 ? "data(relation)" : "", "font-size": 8, "color": "#777",
            "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
          { selector: "edge[relation = 'attacks']", style: { "line-color": "#c62828", "target-arrow-color": "#c62828", "line-style": "dashed" } },
          { selector: "edge[relation = 'supports'], edge[relation = 'conclusion']", style: { "line-color": "#2e7d32", "target-arrow-color": "#2e7d32" } },
          { selector: ".kb-faded", style: { "opacity": 0.25 } }
        ],
        layout: layout
      });
      cy.on("tap", "node", function (event) {
        window.location.href = new URL(event.target.data("url"), root).href;
      });
      cy.on("mouseover", "node", function (event) {
        var n = event.target;
        info.textContent = "";
        info.appendChild(element("strong", {}, n.data("name")));
        info.appendChild(document.createTextNode(" (" + n.data("kind") + "): " + n.data("summary")));
        cy.elements().addClass("kb-faded");
        n.closedNeighborhood().removeClass("kb-faded");
        container.style.cursor = "pointer";
      });
      cy.on("mouseout", "node", function () {
        cy.elements().removeClass("kb-faded");
        container.style.cursor = "";
      });
      container.setAttribute("data-nodes", String(nodeCount));
      container.setAttribute("aria-label", (focus ? "Graph of the neighbourhood of " + byId[focus].name : "Graph of the knowledge base")
        + ": " + nodeCount + " entries, " + edgeCount + " relations");
      container.classList.add("kb-graph--ready");
    }).catch(function (error) {
      container.textContent = "The graph could not be loaded.";
      console.warn("kb: graph view:", error);
    });
  }

  function start() { renderMaps(); graphView(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
