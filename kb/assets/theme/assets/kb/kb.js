/* The knowledge base site's own script: hover previews of links, zoom for the debate maps (drawn
 * at build time as SVG) and the graph view (cytoscape, served with the site in assets/vendor/,
 * loaded only on its page). Text from entries is only ever set with textContent or drawn on a
 * canvas. */
(function () {
  "use strict";

  /* Where the hover previews are: beside this script (read while it runs, the one moment the
     browser says which script is running). */
  var SELF = document.currentScript || document.querySelector("script[src*='assets/kb/kb.js']");
  var PREVIEWS = SELF && SELF.src ? new URL("previews.json", SELF.src).href : null;

  /* ---- debate maps ---------------------------------------------------------------------
   * Drawn at build time as SVG, at their natural size (the text as large as the page's). Here
   * they only get zoom buttons; their boxes are links with previews like any other. */
  function debateMaps() {
    document.querySelectorAll(".kb-debate-map").forEach(function (holder) {
      var svg = holder.querySelector("svg");
      if (!svg || !svg.viewBox || !svg.viewBox.baseVal) return;
      var natural = svg.viewBox.baseVal.width, scale = 1;
      var bar = element("div", { "class": "kb-map-zoom", role: "group", "aria-label": "Zoom the map" });
      var set = function (next) {
        scale = Math.max(0.3, Math.min(3, next));
        svg.setAttribute("width", String(Math.round(natural * scale)));
        svg.setAttribute("height", String(Math.round(svg.viewBox.baseVal.height * scale)));
      };
      [["\u2212", "Smaller", function () { set(scale / 1.25); }],
       ["+", "Larger", function () { set(scale * 1.25); }],
       ["Fit", "Fit the map to the page", function () { set((holder.clientWidth - 16) / natural); }],
       ["1:1", "Natural size", function () { set(1); }]].forEach(function (b) {
        var button = element("button", { type: "button", title: b[1], "aria-label": b[1] }, b[0]);
        button.addEventListener("click", b[2]);
        bar.appendChild(button);
      });
      holder.parentNode.insertBefore(bar, holder);
    });
  }

  /* ---- graph view -----------------------------------------------------------------------
   * The whole graph is drawn where the site's build placed each entry (data.json: x, y), so it
   * appears at once. Nodes are sized by their number of relations; labels are sized the same
   * way and hidden while too small to read, so the hubs are named first and the rest as one
   * zooms in. The neighbourhood of an entry is grouped by relation, each group a labelled box.
   * Filters hide kinds of entries and lay the rest out again. */
  var COLORS = { term: "#3f6ec6", claim: "#d98c10", argument: "#7b4bb7", prediction: "#1f9e89",
                 evidence: "#c2185b", source: "#6d6d6d" };
  var KINDS = ["term", "claim", "argument", "prediction", "evidence", "source"];

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function shortName(name, max) { return name.length > max ? name.slice(0, max - 2) + "\u2026" : name; }

  function neighbourhood(data, focus, depth, mentions) {
    var adjacent = {};
    data.edges.forEach(function (e) {
      if (e.relation === "mentions" && !mentions) return;
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

  /* Each neighbour of `focus` in the first (most telling) group of data.groups it belongs to. */
  function groupsOf(data, focus, mentions) {
    var rank = {};
    data.groups.forEach(function (g, i) { rank[g.relation + " " + g.direction] = i; });
    var best = {};
    data.edges.forEach(function (e) {
      if (e.relation === "mentions" && !mentions) return;
      var other = e.source === focus ? e.target : (e.target === focus ? e.source : null);
      if (other === null || other === focus) return;
      var key = e.relation + " " + (e.source === focus ? "out" : "in");
      var r = key in rank ? rank[key] : rank[e.relation + " out"];
      if (r !== undefined && (!(other in best) || r < best[other])) best[other] = r;
    });
    return best; /* id -> index in data.groups */
  }

  /* Positions for a neighbourhood grouped by relation: the entry on top, each group a grid of
     labelled nodes, the groups packed in rows below. Returns {id: {x, y}}, and for each group
     "group-N" its box {x, y, w, h} (centre and size). */
  function groupedPositions(focus, members, byId) {
    var CELL_W = 170, CELL_H = 62, GAP = 60, ROW = 1500;
    var groups = {};
    Object.keys(members).forEach(function (id) { (groups[members[id]] = groups[members[id]] || []).push(id); });
    var order = Object.keys(groups).map(Number).sort(function (a, b) { return a - b; });
    var boxes = order.map(function (g) {
      var ids = groups[g].sort(function (a, b) { return (byId[b].degree - byId[a].degree) || byId[a].name.localeCompare(byId[b].name); });
      var cols = Math.max(1, Math.min(8, Math.ceil(Math.sqrt(ids.length * 2))));
      return { group: g, ids: ids, cols: cols, w: cols * CELL_W, h: Math.ceil(ids.length / cols) * CELL_H };
    });
    var rows = [[]], width = 0;
    boxes.forEach(function (b) {
      var row = rows[rows.length - 1];
      if (row.length && width + b.w > ROW) { rows.push([]); row = rows[rows.length - 1]; width = 0; }
      row.push(b); width += b.w + GAP;
    });
    var pos = {}, y = 130;
    pos[focus] = { x: 0, y: 0 };
    rows.forEach(function (row) {
      var total = row.reduce(function (s, b) { return s + b.w; }, 0) + GAP * (row.length - 1);
      var x = -total / 2, tallest = 0;
      row.forEach(function (b) {
        b.ids.forEach(function (id, i) {
          pos[id] = { x: x + (i % b.cols) * CELL_W + CELL_W / 2, y: y + Math.floor(i / b.cols) * CELL_H };
        });
        /* the box around the cells, as far from the nodes and their two-line labels as a
           compound node's padding would be */
        var cols = Math.min(b.cols, b.ids.length), rowsOf = Math.ceil(b.ids.length / b.cols);
        var top = y - 7 - 14, bottom = y + (rowsOf - 1) * CELL_H + 7 + 32 + 14;  /* node 14, two lines of label 32 */
        pos["group-" + b.group] = { x: x + cols * CELL_W / 2, y: (top + bottom) / 2,
                                    w: (cols - 1) * CELL_W + 160 + 28, h: bottom - top };
        x += b.w + GAP; tallest = Math.max(tallest, b.h);
      });
      y += tallest + GAP + 40;
    });
    return pos;
  }

  function nodeSize(degree) { return Math.min(56, 8 + 3.5 * Math.sqrt(degree || 0)); }

  /* Labels by importance, never on top of each other: after each zoom or pan, the entries in
     view are taken from the most related down, and each gets its label if the label fits
     where no label is yet. Labels keep one size on screen whatever the zoom. Only the nodes whose
     label comes, goes or is shown at another zoom are touched: cytoscape styles each again.
     Returns a function that sizes the labels of some nodes for the zoom of now (those of the
     neighbours of a node pointed at). */
  function placeLabels(cy, container, cell) {
    var timer = null;
    var order = cy.nodes().not(".kb-group").sort(function (a, b) {
      return (b.data("focus") - a.data("focus")) || (b.data("degree") - a.data("degree"));
    });
    function font(n) { return n.data("focus") ? 15 : (n.data("degree") >= 40 ? 13 : 12); }
    function widest(z) { return cell ? Math.max(60, Math.min(150, cell * z - 8)) : 150; }  /* in a group: its cell */
    function size(nodes) {
      var z = cy.zoom(), most = widest(z);
      nodes.forEach(function (n) {
        if (n.data("z") === z) return;
        n.data({ fs: font(n) / z, tw: most / z, z: z });
      });
    }
    function place() {
      timer = null;
      var z = cy.zoom(), width = container.clientWidth, height = container.clientHeight, taken = [], shown = [];
      var most = widest(z);
      cy.batch(function () {
        order.forEach(function (n) {
          var f = font(n), p = n.renderedPosition(), text = n.data("label");
          var w = Math.min(most, text.length * f * 0.55), lines = Math.ceil(text.length * f * 0.55 / most);
          var top = p.y + n.data("size") * z / 2 + 2;
          var box = [p.x - w / 2 - 2, top, p.x + w / 2 + 2, top + lines * f * 1.25];
          var ok = !n.hasClass("kb-hidden") && box[2] > 0 && box[0] < width && box[3] > 0 && box[1] < height
            && !taken.some(function (t) { return box[0] < t[2] && t[0] < box[2] && box[1] < t[3] && t[1] < box[3]; });
          if (ok) { taken.push(box); shown.push(n); }
          if (ok !== n.hasClass("kb-labelled")) n.toggleClass("kb-labelled", ok);
        });
        size(shown);
        cy.nodes(".kb-group").forEach(function (g) { if (g.data("fs") !== 14 / z) g.data("fs", 14 / z); });
      });
      container.setAttribute("data-labels", String(shown.length));
    }
    cy.on("zoom pan resize layoutstop", function () { if (!timer) timer = setTimeout(place, 50); });
    place();
    return function (nodes) { cy.batch(function () { size(nodes); }); };
  }

  function mark(name) { if (window.performance && performance.mark) performance.mark(name); }

  var graph = null; /* the graph drawn, destroyed when the theme swaps in another page */

  function graphView() {
    var container = document.getElementById("kb-graph");
    if (graph && graph.container() !== container) { graph.destroy(); graph = null; }
    if (!container) return;
    if (typeof window.cytoscape === "undefined") {
      container.appendChild(element("p", { "class": "kb-graph-note" }, "The graph could not be made interactive: its script did not load."));
      return;
    }
    var here = new URL(window.location.href);
    var root = new URL("../", here);
    var params = here.searchParams;
    var focus = params.get("focus");
    var depth = Math.max(1, Math.min(3, parseInt(params.get("depth") || "1", 10) || 1));
    /* [[links]] in text ("mentions") are shown on request: they double most typed relations. */
    var mentions = params.get("mentions") === "1";
    var controls = document.getElementById("kb-graph-controls");
    var info = element("div", { "class": "kb-graph-info", "aria-live": "polite" });
    container.parentNode.insertBefore(info, container.nextSibling);

    /* The whole graph is in the page already, drawn when the site was built (a poster): it shows
       until the interactive graph is built, and goes at once for a neighbourhood. */
    var poster = container.querySelector(".kb-graph-poster");
    if (poster && focus) poster.remove();
    fetch(new URL("data.json", here)).then(function (r) { return r.json(); }).then(function (data) {
      /* edges come as [source, target, relation], positions in nodes and relations (kb.pages.graph_view) */
      data.edges = data.edges.map(function (e) {
        return { source: data.nodes[e[0]].id, target: data.nodes[e[1]].id, relation: data.relations[e[2]] };
      });
      /* the poster is painted before the seconds cytoscape may take on a large base */
      return new Promise(function (resolve) { requestAnimationFrame(function () { setTimeout(function () { resolve(data); }, 0); }); });
    }).then(function (data) {
      mark("kb-graph-data");  /* (marks for benchmarks/bench_views.py: where the time goes) */
      var byId = {};
      data.nodes.forEach(function (n) { byId[n.id] = n; });
      if (focus && !byId[focus]) {
        controls.appendChild(element("p", {}, "No entry has the id \u201c" + focus + "\u201d; showing everything."));
        focus = null;
      }
      var grouped = focus && depth === 1;
      var distance = focus ? neighbourhood(data, focus, depth, mentions) : null;
      var members = grouped ? groupsOf(data, focus, mentions) : null;
      var keep = function (id) { return distance === null || id in distance; };

      if (focus) {
        var p = element("p");
        p.appendChild(document.createTextNode("The neighbourhood of "));
        p.appendChild(element("a", { href: new URL(byId[focus].url, root).href }, byId[focus].name));
        /* the other views of this page reload it (the theme's instant navigation only swaps pages) */
        p.appendChild(document.createTextNode(" \u00b7 "));
        [1, 2, 3].forEach(function (d) {
          var text = d + (d === 1 ? " step, grouped by relation" : " steps");
          if (d === depth) { p.appendChild(element("strong", {}, text)); }
          else { p.appendChild(element("a", { href: "?focus=" + encodeURIComponent(focus) + "&depth=" + d + (mentions ? "&mentions=1" : ""), target: "_self" }, text)); }
          p.appendChild(document.createTextNode(" "));
        });
        p.appendChild(document.createTextNode("\u00b7 "));
        p.appendChild(element("a", { href: "./", target: "_self" }, "the whole knowledge base"));
        controls.appendChild(p);
      }

      var elements = [], positions = {};
      if (grouped) {
        positions = groupedPositions(focus, members, byId);
        var counts = {};
        Object.keys(members).forEach(function (id) { counts[members[id]] = (counts[members[id]] || 0) + 1; });
        Object.keys(counts).forEach(function (g) {
          /* a node drawn under its members (not a compound node: cytoscape spends long on
             those, measuring each member's label to fit the box around them) */
          var box = positions["group-" + g];
          elements.push({ data: { id: "group-" + g, label: data.groups[g].label + " (" + counts[g] + ")", group: Number(g),
                                  fs: 14, w: box.w, h: box.h },
                          position: { x: box.x, y: box.y }, classes: "kb-group", grabbable: false, selectable: false });
        });
      }
      data.nodes.forEach(function (n) {
        if (!keep(n.id)) return;
        /* sizes and colors are data, not style functions: those would be called per node per frame */
        var d = { id: n.id, name: n.name, kind: n.kind, url: n.url,
                  degree: n.degree || 0, focus: n.id === focus ? 1 : 0, color: COLORS[n.kind] || "#888",
                  size: grouped ? 14 : nodeSize(n.degree),
                  label: shortName(n.name, grouped ? 60 : 48), fs: 12, tw: 150 };
        if (grouped && n.id !== focus) d.group = members[n.id];
        elements.push({ data: d, position: grouped ? positions[n.id] : { x: n.x, y: n.y } });
      });
      // A [[link]] between two entries that a typed relation already joins adds nothing.
      var typed = {};
      data.edges.forEach(function (e) {
        if (e.relation !== "mentions") { typed[e.source + " " + e.target] = typed[e.target + " " + e.source] = true; }
      });
      var edgeCount = 0, edges = [];
      if (grouped) {  /* no lines: each group's label says how its entries relate to this one */
        edgeCount = Object.keys(members).length;
      } else {
        data.edges.forEach(function (e, i) {
          if (e.relation === "mentions" && (!mentions || typed[e.source + " " + e.target])) return;
          if (e.source === e.target || !keep(e.source) || !keep(e.target)) return;
          edges.push({ data: { id: "e" + i, source: e.source, target: e.target, relation: e.relation.replace(/_/g, " ") },
                       classes: e.relation === "mentions" ? "kb-mention" : "" });
          edgeCount++;
        });
      }
      var nodeCount = Object.keys(byId).filter(keep).length;
      var whole = !focus;
      /* The whole graph's relations are one path in the drawing of the build, at the places
         cytoscape puts the nodes: it stays, under cytoscape's canvas, moved and scaled with it.
         Cytoscape then builds and draws only the nodes, a tenth of the elements (it spends most
         of its time on each element's style and box). The lines of one node are given to
         cytoscape while it is pointed at, and all of them when a filter lays the graph out anew. */
      var lines = whole && !mentions && poster ? poster.querySelector("path") : null;
      if (!lines) elements = elements.concat(edges);
      if (graph) graph.destroy();
      if (poster) poster.remove();
      var cy = graph = window.cytoscape({
        container: container,
        elements: elements,
        minZoom: 0.05,
        maxZoom: 4,
        textureOnViewport: whole,
        hideEdgesOnViewport: whole && edgeCount > 1500,
        style: [
          { selector: "node[color]", style: { "background-color": "data(color)", "width": "data(size)", "height": "data(size)" } },
          { selector: "node", style: { "label": "", "color": "#222", "text-valign": "bottom", "text-margin-y": 2,
            "text-wrap": "wrap", "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
          { selector: "node.kb-labelled, node.kb-near", style: { "label": "data(label)", "font-size": "data(fs)", "text-max-width": "data(tw)" } },
          { selector: "node.kb-group", style: { "background-color": "#f4f6fa", "background-opacity": 1,
            "width": "data(w)", "height": "data(h)", "z-index": 0, "events": "no",
            "border-width": 1, "border-color": "#c5cbd8", "shape": "round-rectangle",
            "label": "data(label)", "text-valign": "top", "text-halign": "center", "text-margin-y": -4,
            "font-size": "data(fs)", "font-weight": "bold", "color": "#333",
            "text-background-opacity": 0 } },
          { selector: "node[focus = 1]", style: { "width": 34, "height": 34, "border-width": 3, "border-color": "#111",
            "font-weight": "bold" } },
          { selector: "edge", style: { "width": 1, "line-color": "#b9b9b9", "opacity": whole ? 0.35 : 0.8,
            "curve-style": whole ? "haystack" : "bezier",
            "target-arrow-color": "#b9b9b9", "target-arrow-shape": whole ? "none" : "triangle", "arrow-scale": 0.7,
            "label": !whole && edgeCount <= 60 ? "data(relation)" : "", "font-size": 8, "color": "#777",
            "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8 } },
          { selector: "edge[relation = 'attacks']", style: { "line-color": "#b4460c", "target-arrow-color": "#b4460c", "line-style": "dashed" } },
          { selector: "edge[relation = 'supports'], edge[relation = 'conclusion']", style: { "line-color": "#1f5fa8", "target-arrow-color": "#1f5fa8" } },
          { selector: ".kb-faded", style: { "opacity": 0.12 } },
          { selector: "node.kb-near", style: { "z-index": 10 } },
          { selector: "edge.kb-near", style: { "opacity": 1, "width": 2, "line-color": "#555", "z-index": 10 } },
          { selector: ".kb-hidden", style: { "display": "none" } }
        ],
        layout: { name: "preset", fit: true, padding: 30 }
      });
      mark("kb-graph-built");
      var layer = lines ? linesLayer(cy, container, lines) : null, sizeLabels = function () {};
      var view = { focus: focus, grouped: grouped, members: members, byId: byId, container: container,
                   layer: layer, edges: edges };
      cy.on("tap", "node", function (event) {
        if (event.target.hasClass("kb-group")) return;
        navigate(new URL(event.target.data("url"), root).href);
      });
      cy.on("mouseover", "node", function (event) {
        var n = event.target;
        if (n.hasClass("kb-group")) return;
        info.textContent = "";
        info.appendChild(element("strong", {}, n.data("name")));
        info.appendChild(document.createTextNode(" (" + n.data("kind") + ", " + n.data("degree") + " relations)"));
        /* the summary: the second line of the entry's hover preview, fetched on the first pointing */
        var summary = info.appendChild(document.createTextNode(""));
        loadPreviews().then(function () {
          var text = texts && Object.prototype.hasOwnProperty.call(texts, n.id()) ? texts[n.id()] : null;
          var line = typeof text === "string" ? text.split("\n")[1] : null;
          if (line && summary.parentNode === info) summary.textContent = ": " + line;
        });
        if (!grouped) {
          cy.batch(function () {
            if (layer && layer.style.display !== "none") {  /* its lines, for as long as it is pointed at */
              cy.edges(".kb-pointed").remove();
              cy.add(edges.filter(function (e) { return e.data.source === n.id() || e.data.target === n.id(); })
                .map(function (e) { return { data: e.data, classes: "kb-pointed" }; }));
              layer.classList.add("kb-faded");
            }
            cy.elements().addClass("kb-faded");
            n.closedNeighborhood().removeClass("kb-faded").addClass("kb-near");
            sizeLabels(n.closedNeighborhood().nodes());
          });
        }
        container.style.cursor = "pointer";
      });
      cy.on("mouseout", "node", function () {
        cy.batch(function () {
          cy.edges(".kb-pointed").remove();
          cy.elements().removeClass("kb-faded").removeClass("kb-near");
        });
        if (layer) layer.classList.remove("kb-faded");
        container.style.cursor = "";
      });
      // A small graph fitted to the box would be drawn huge: keep text at a readable size.
      if (cy.zoom() > 1.4) { cy.zoom(1.4); cy.center(); }
      if (focus && !grouped) { cy.zoom(Math.max(cy.zoom(), 0.6)); cy.center(cy.getElementById(focus)); }
      if (grouped && cy.zoom() < 0.75) {  /* a large neighbourhood: start legible, at the top */
        var at = cy.getElementById(focus).position();
        cy.zoom(0.75);
        cy.pan({ x: container.clientWidth / 2 - at.x * 0.75, y: 40 - at.y * 0.75 });
      }
      container.setAttribute("data-nodes", String(nodeCount));
      container.setAttribute("data-layout", grouped ? "grouped" : "preset");
      container.setAttribute("aria-label", (focus ? "Graph of the neighbourhood of " + byId[focus].name : "Graph of the knowledge base")
        + ": " + nodeCount + " entries, " + edgeCount + " relations");
      sizeLabels = placeLabels(cy, container, grouped ? 170 : 0);
      graphControls(cy, data, controls, view);
      interactiveIntro(!!focus);
      container.classList.add("kb-graph--ready");
      mark("kb-graph-ready");
    }).catch(function (error) {
      container.textContent = "The graph could not be loaded.";
      console.warn("kb: graph view:", error);
    });
  }

  /* The lines of the drawing of the build under cytoscape's canvas, following its pan and zoom. */
  function linesLayer(cy, container, path) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg"), g = document.createElementNS(NS, "g");
    svg.setAttribute("class", "kb-graph-lines");
    svg.setAttribute("aria-hidden", "true");
    path.setAttribute("vector-effect", "non-scaling-stroke");
    g.appendChild(path);
    svg.appendChild(g);
    container.insertBefore(svg, container.firstChild);
    var sync = function () {
      var pan = cy.pan(), zoom = cy.zoom();
      g.setAttribute("transform", "translate(" + pan.x + " " + pan.y + ") scale(" + zoom + ")");
    };
    cy.on("viewport resize", sync);
    sync();
    return svg;
  }

  /* The page's text says what the drawing of the build does (it is the graph without
     JavaScript); once the graph is interactive, it says what that one does. */
  function interactiveIntro(neighbourhood) {
    var intro = document.getElementById("kb-graph-intro");
    if (!intro) return;
    intro.textContent = "Every entry as a node and every relation as a line. Drag to move around, scroll or pinch "
      + "to zoom (more names appear as you zoom in), click or tap a node to open its page. ";
    if (!neighbourhood) {
      intro.appendChild(document.createTextNode("From an entry's page, "));
      intro.appendChild(element("em", {}, "see it in the graph"));
      intro.appendChild(document.createTextNode(" opens its neighbourhood here."));
    }
  }

  /* Which kinds to show (the rest is laid out again), and a way to jump to any entry's
     neighbourhood by its name or any of its aliases. */
  function graphControls(cy, data, controls, view) {
    var form = element("div", { "class": "kb-graph-filters" });
    var relayout = function () {
      var hidden = {};
      form.querySelectorAll("input[data-kind]").forEach(function (box) { if (!box.checked) hidden[box.getAttribute("data-kind")] = true; });
      cy.batch(function () {
        cy.nodes().not(".kb-group").forEach(function (n) { n.toggleClass("kb-hidden", !!hidden[n.data("kind")] && n.data("focus") !== 1); });
        cy.nodes(".kb-group").forEach(function (g) {
          g.toggleClass("kb-hidden", cy.nodes().not(".kb-group, .kb-hidden").filter(function (n) { return n.data("group") === g.data("group"); }).length === 0);
        });
      });
      var shown = cy.elements().not(".kb-hidden");
      if (view.grouped) {
        var members = {};
        Object.keys(view.members).forEach(function (id) { if (!cy.getElementById(id).hasClass("kb-hidden")) members[id] = view.members[id]; });
        var pos = groupedPositions(view.focus, members, view.byId);
        shown.nodes().forEach(function (n) {  /* the boxes too: where the members left are */
          var at = pos[n.id()];
          if (!at) return;
          if (n.hasClass("kb-group")) n.data({ w: at.w, h: at.h });
          n.position({ x: at.x, y: at.y });
        });
        cy.fit(shown, 30);
      } else if (Object.keys(hidden).length) {
        /* the entries left, pulled together again from where they are, by their relations */
        if (view.layer && view.layer.style.display !== "none") {
          view.layer.style.display = "none";
          cy.batch(function () { cy.edges().remove(); cy.add(view.edges); });
          shown = cy.elements().not(".kb-hidden");
        }
        shown.layout({ name: "cose", animate: false, randomize: false, fit: true, padding: 30, numIter: 400,
                       nodeRepulsion: function () { return 200000; }, idealEdgeLength: function () { return 60; } }).run();
      } else {
        if (view.layer && view.layer.style.display === "none") {  /* back at the places of the drawing: its lines again */
          cy.edges().remove();
          view.layer.style.display = "";
        }
        cy.nodes().layout({ name: "preset", positions: function (n) { var d = view.byId[n.id()]; return { x: d.x, y: d.y }; }, fit: true, padding: 30 }).run();
      }
      view.container.setAttribute("data-shown", String(shown.nodes().not(".kb-group").length));
    };
    var present = {};
    cy.nodes().forEach(function (n) { present[n.data("kind")] = true; });
    KINDS.forEach(function (kind) {
      if (!present[kind]) return;
      var label = element("label", { "class": "kb-graph-filter" });
      var box = element("input", { type: "checkbox", "data-kind": kind });
      box.checked = true;
      box.addEventListener("change", relayout);
      label.appendChild(box);
      label.appendChild(element("span", { "class": "kb-dot kb-dot-" + kind }));
      label.appendChild(document.createTextNode(" " + kind + (kind === "evidence" ? "" : "s")));
      form.appendChild(label);
    });
    var label = element("label", { "class": "kb-graph-filter" });
    var box = element("input", { type: "checkbox", "data-mentions": "1" });
    box.checked = new URLSearchParams(window.location.search).get("mentions") === "1";
    box.addEventListener("change", function () {
      var next = new URLSearchParams(window.location.search);
      if (box.checked) { next.set("mentions", "1"); } else { next.delete("mentions"); }
      window.location.search = next.toString();
    });
    label.appendChild(box);
    label.appendChild(document.createTextNode(" links in text"));
    form.appendChild(label);

    var find = element("input", { type: "search", list: "kb-graph-names", placeholder: "Go to an entry (name or alias)\u2026",
                                   "aria-label": "Show the neighbourhood of an entry", "class": "kb-graph-find" });
    var names = element("datalist", { id: "kb-graph-names" });
    var byName = {};
    data.nodes.forEach(function (n) {
      [n.name].concat(n.aliases || []).forEach(function (name) {
        var key = name.toLowerCase();
        if (key in byName) return;
        byName[key] = n.id;
        names.appendChild(element("option", { value: name }));
      });
    });
    var go = function () {
      var id = byName[find.value.trim().toLowerCase()];
      if (id) navigate("?focus=" + encodeURIComponent(id));
    };
    find.addEventListener("change", go);
    find.addEventListener("keydown", function (event) { if (event.key === "Enter") go(); });
    form.appendChild(find);
    form.appendChild(names);
    controls.appendChild(form);
  }

  /* ---- navigation -------------------------------------------------------------------------
   * The theme's instant navigation swaps in the page a link leads to, keeping the search index
   * it has built; it follows only HTML links. Links in the SVG drawings (debate maps, local
   * graphs) and clicks on graph nodes go the same way, through an HTML link clicked for them
   * (as the theme itself does). Another view of the same page (?focus=...) is loaded afresh. */
  function navigate(href) {
    var to = new URL(href, window.location.href);
    if (to.pathname === window.location.pathname) { window.location.href = to.href; return; }
    var a = element("a", { href: to.href });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function svgLinks(event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target instanceof Element ? event.target.closest("a") : null;
    if (!link || !(link instanceof SVGElement) || !link.closest(".md-content")) return;
    var href = link.getAttribute("href") || link.getAttribute("xlink:href");
    if (!href) return;
    event.preventDefault();
    navigate(href);
  }

  /* ---- hover previews -------------------------------------------------------------------
   * Links to entries carry only the key of their preview (data-kb-preview="id" or "id#sense")
   * and a short title for readers without this script. The previews are in one file,
   * previews.json beside this script, fetched on the first hover or focus and shown as a card,
   * as text only: the theme's own tooltips would read a title as HTML. */
  var card = null, shownFor = null, waitingFor = null, timer = null, texts = null, loading = null, wanted = 0;

  function loadPreviews() {
    if (!loading) {
      loading = (PREVIEWS ? fetch(PREVIEWS) : Promise.reject(new Error("kb.js has no URL")))
        .then(function (response) {
          if (!response.ok) throw new Error("HTTP " + response.status);
          return response.json();
        })
        .then(function (data) { texts = data && typeof data === "object" ? data : {}; })
        .catch(function (error) {
          texts = {}; /* links keep their short titles */
          console.warn("kb: the previews could not be loaded:", error);
        });
    }
    return loading;
  }

  function previewText(link) {
    var key = link.getAttribute("data-kb-preview");
    var text = key && Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : null;
    return typeof text === "string" ? text : null;
  }

  function hidePreview() {
    clearTimeout(timer);
    wanted++; /* a preview still waiting for previews.json is no longer wanted */
    waitingFor = null;
    if (shownFor) {
      if (shownFor.hasAttribute("data-kb-title")) {
        shownFor.setAttribute("title", shownFor.getAttribute("data-kb-title"));
        shownFor.removeAttribute("data-kb-title");
      }
      shownFor.removeAttribute("aria-describedby");
    }
    if (card) card.hidden = true;
    shownFor = null;
  }

  /* The preview of `link`, next to `anchor`: the link itself, or its box in a debate map. */
  function showPreview(link, anchor) {
    anchor = anchor || link;
    if (texts === null) {
      var ticket = ++wanted;
      waitingFor = anchor;
      loadPreviews().then(function () { if (ticket === wanted) showPreview(link, anchor); });
      return;
    }
    var text = previewText(link);
    if (!text) return;
    if (!card) {
      card = element("div", { "class": "kb-preview", role: "tooltip", id: "kb-preview" });
      document.body.appendChild(card);
    }
    hidePreview();
    if (anchor.hasAttribute("title")) {
      anchor.setAttribute("data-kb-title", anchor.getAttribute("title"));
      anchor.removeAttribute("title"); /* no second, native tooltip */
    }
    anchor.setAttribute("aria-describedby", "kb-preview");
    shownFor = anchor;
    var lines = text.split("\n");
    card.textContent = "";
    card.appendChild(element("strong", {}, lines[0]));
    lines.slice(1).forEach(function (line) { card.appendChild(element("p", {}, line)); });
    card.hidden = false;
    var rect = anchor.getBoundingClientRect();
    var width = Math.min(360, document.documentElement.clientWidth - 16);
    card.style.width = width + "px";
    var left = Math.max(8, Math.min(rect.left, document.documentElement.clientWidth - width - 8));
    var below = rect.bottom + 8;
    var top = below + card.offsetHeight > window.innerHeight && rect.top > card.offsetHeight + 16
      ? rect.top - card.offsetHeight - 8 : below;
    card.style.left = left + window.scrollX + "px";
    card.style.top = top + window.scrollY + "px";
  }

  /* Pointing at `anchor` (after a short delay, so that a pointer crossing a paragraph does not
     flash a card at every link it passes) or focusing it shows the preview of `link`. Once a card
     is showing, moving to the next link switches it at once; leaving hides it after a moment, so
     that passing between two links does not make it blink. */
  var OPEN_DELAY = 350, CLOSE_DELAY = 120, closer = null;

  function previewOn(anchor, link) {
    anchor.addEventListener("mouseenter", function () {
      clearTimeout(timer);
      clearTimeout(closer);
      if (shownFor && shownFor !== anchor && card && !card.hidden) { showPreview(link, anchor); return; }
      timer = setTimeout(function () { showPreview(link, anchor); }, OPEN_DELAY);
    });
    anchor.addEventListener("focus", function () { clearTimeout(closer); showPreview(link, anchor); });
    anchor.addEventListener("mouseleave", function () {
      clearTimeout(timer);
      clearTimeout(closer);
      closer = setTimeout(hidePreview, CLOSE_DELAY);
    });
    anchor.addEventListener("blur", hidePreview);
  }

  function previews(root) {
    root.querySelectorAll(".md-content a[data-kb-preview]").forEach(function (link) { previewOn(link, link); });
  }

  var listening = false;
  function listenOnce() {
    if (listening) return;
    listening = true;
    document.addEventListener("keydown", function (event) { if (event.key === "Escape") hidePreview(); });
    document.addEventListener("click", svgLinks);
    /* The card is placed in the page, so it scrolls with its link; a hover card still goes, but
       not the card of a link that has the focus (the browser scrolls to a link tabbed to). */
    window.addEventListener("scroll", function () {
      var focused = document.activeElement;
      if (!focused || (focused !== shownFor && focused !== waitingFor)) hidePreview();
    }, { passive: true });
  }

  /* ---- search: the entry named first ---------------------------------------------------
   * When what is typed in the search box is an entry's name or one of a term's aliases (case,
   * accents and punctuation aside; a plural too), that entry's page goes first among the theme's
   * results, made there if the theme has not shown it. names.json (beside this script) is
   * fetched when the search box is first used. */
  var NAMES = SELF && SELF.src ? new URL("names.json", SELF.src).href : null;
  var ROOT = SELF && SELF.src ? new URL("../../", SELF.src) : null;
  var names = null, namesLoading = null;

  function nameKey(text) {
    return text.toLowerCase().replace(/\u2019/g, "'").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .replace(/'s\b/g, "").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function loadNames() {
    if (!namesLoading) {
      namesLoading = (NAMES ? fetch(NAMES) : Promise.reject(new Error("kb.js has no URL")))
        .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
        .then(function (data) { names = data && typeof data === "object" ? data : {}; })
        .catch(function (error) { names = {}; console.warn("kb: the names could not be loaded:", error); });
    }
    return namesLoading;
  }

  function namedPage(query) {
    if (!names || !ROOT) return null;
    var key = nameKey(query);
    var own = Object.prototype.hasOwnProperty;
    var url = own.call(names, key) ? names[key] : (/s$/.test(key) && own.call(names, key.slice(0, -1)) ? names[key.slice(0, -1)] : null);
    return typeof url === "string" ? new URL(url, ROOT) : null;
  }

  /* When every word typed (lunr's English stop words aside, as kb/pages/search.py: "what is a",
     "does ... for") is in the name of some results, those go first, the one with the fewest
     other words in its name first: "what is a mesa optimizer" is the term mesa-optimizer, not a
     claim that mentions it; otherwise the theme's order stands. */
  var STOP = {};
  ("a able about across after all almost also am among an and any are as at be because been but " +
    "by can cannot could dear did do does either else ever every for from get got had has have he " +
    "her hers him his how however i if in into is it its just least let like likely may me might " +
    "most must my neither no nor not of off often on only or other our own rather said say says " +
    "she should since so some than that the their them then there these they this tis to too twas " +
    "us wants was we were what when where which while who whom why will with would yet you your").split(" ").forEach(function (w) { STOP[w] = true; });

  function contentWords(text) {
    return nameKey(text).split(" ").filter(function (w) { return w && !STOP[w]; })
      .map(function (w) { return w.length > 3 ? w.replace(/s$/, "") : w; });
  }

  function nameFirst(list, input) {
    var words = contentWords(input.value);
    if (!words.length || namedPage(input.value)) return;  /* a name typed in full: its page goes first */
    var items = Array.prototype.slice.call(list.querySelectorAll(":scope > .md-search-result__item"));
    var covering = [];
    items.forEach(function (li, i) {
      var title = li.querySelector("article h1");
      var own = title ? contentWords(title.textContent) : [];
      if (words.every(function (w) { return own.indexOf(w) >= 0; })) {
        covering.push({ li: li, i: i, extra: own.filter(function (w) { return words.indexOf(w) < 0; }).length });
      }
    });
    covering.sort(function (a, b) { return (a.extra - b.extra) || (a.i - b.i); });
    /* moved only when out of place: each move is a change the list's observer hears */
    if (covering.every(function (c, k) { return items[k] === c.li; })) return;
    var anchor = list.firstElementChild;
    covering.forEach(function (c) {
      if (c.li === anchor) { anchor = anchor.nextElementSibling; } else { list.insertBefore(c.li, anchor); }
    });
  }

  function promote(list, input) {
    nameFirst(list, input);
    var target = namedPage(input.value);
    var first = list.firstElementChild;
    if (!target) return;
    var items = list.querySelectorAll(":scope > .md-search-result__item");
    for (var i = 0; i < items.length; i++) {
      var a = items[i].querySelector("a.md-search-result__link");
      if (a && new URL(a.href).pathname === target.pathname) {
        if (items[i] !== first) list.insertBefore(items[i], first);
        return;
      }
    }
    if (!first) return; /* no results yet: the theme is still searching */
    /* not among the results shown: a result of our own, like the theme's */
    var li = element("li", { "class": "md-search-result__item kb-search-named" });
    var link = element("a", { href: target.href, "class": "md-search-result__link", tabindex: "-1" });
    var article = element("article", { "class": "md-search-result__article md-typeset" });
    article.appendChild(element("div", { "class": "md-search-result__icon md-icon" }));
    var text = texts && previewText({ getAttribute: function () { return target.pathname.split("/").filter(Boolean).pop(); } });
    var lines = (text || "").split("\n");
    article.appendChild(element("h1", {}, lines[0] || target.pathname));
    if (lines[1]) article.appendChild(element("p", {}, lines[1]));
    link.appendChild(article);
    li.appendChild(link);
    list.insertBefore(li, first);
  }

  var searching = false;
  function searchFirst() {
    if (searching) return;
    var input = document.querySelector("input.md-search__input");
    var list = document.querySelector(".md-search-result__list");
    if (!input || !list) return;
    searching = true;  /* the header and its search box stay across instant navigation */
    var run = function () { promote(list, input); };
    new MutationObserver(run).observe(list, { childList: true });
    input.addEventListener("focus", function () { loadNames().then(run); loadPreviews(); });
    input.addEventListener("input", run);
  }

  /* ---- sortable tables -----------------------------------------------------------------
   * Every table of the content sorts by a column when its heading is clicked (or activated
   * with the keyboard): text A to Z, numbers by value; again to reverse. */
  function cellValue(row, index) {
    var cell = row.children[index];
    var label = cell && cell.querySelector(".kb-cell-label");  // a phone's card label (kb.css), not the value
    var text = cell ? cell.textContent.slice(label ? label.textContent.length : 0).trim() : "";
    var number = /^\d+(\.\d+)?/.exec(text);
    return { number: number ? parseFloat(number[0]) : null, text: text.toLowerCase() };
  }

  function sortables(root) {
    root.querySelectorAll(".md-content article table").forEach(function (table) {
      var body = table.tBodies[0];
      if (!table.tHead || !body || body.rows.length < 2 || table.hasAttribute("data-kb-sortable")) return;
      table.setAttribute("data-kb-sortable", "1");
      var heads = table.tHead.rows[0].cells;
      Array.prototype.forEach.call(heads, function (th, index) {
        th.classList.add("kb-sortable");
        th.setAttribute("tabindex", "0");
        th.setAttribute("title", "Sort by this column");
        var sort = function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(heads, function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = cellValue(a, index), y = cellValue(b, index);
            var order = x.number !== null && y.number !== null ? x.number - y.number : x.text.localeCompare(y.text);
            return ascending ? order : -order;
          });
          rows.forEach(function (row) { body.appendChild(row); });
        };
        th.addEventListener("click", sort);
        th.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
        });
      });
    });
  }

  /* ---- long lists of neighbours ---------------------------------------------------------
   * A group of neighbours on an entry page (a heading marked kb-fold, then its list) shows its
   * first few; a button shows them all. Without this script the whole list shows. */
  var FOLD_AFTER = 8;

  function folds(root) {
    root.querySelectorAll(".md-content .kb-fold").forEach(function (heading) {
      var list = heading.nextElementSibling;
      if (!list || !/^(UL|OL)$/.test(list.tagName) || list.hasAttribute("data-kb-folded")) return;
      var items = list.children;
      if (items.length <= FOLD_AFTER + 1) return;
      list.setAttribute("data-kb-folded", "1");
      for (var i = FOLD_AFTER; i < items.length; i++) items[i].hidden = true;
      var button = element("button", { type: "button", "class": "kb-fold-button md-button",
                                       "aria-expanded": "false" }, "All " + items.length);
      button.addEventListener("click", function () {
        for (var j = FOLD_AFTER; j < items.length; j++) items[j].hidden = false;
        button.remove();
        if (items[FOLD_AFTER]) {
          var first = items[FOLD_AFTER].querySelector("a");
          if (first) first.focus();
        }
      });
      list.parentNode.insertBefore(button, list.nextSibling);
    });
  }

  /* ---- the page for an address the site does not have ---------------------------------
   * It names the entry the address most likely meant, from the address's last part: a name or
   * alias written in it (as search takes them), an entry of another kind with that id, or the
   * name or id nearest in spelling (a letter or two off for every eight). */
  function editDistance(a, b) {
    var row = [];
    for (var j = 0; j <= b.length; j++) row.push(j);
    for (var i = 1; i <= a.length; i++) {
      var diagonal = row[0];
      row[0] = i;
      for (j = 1; j <= b.length; j++) {
        var above = row[j];
        row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length];
  }

  function guessPage(part) {
    var key = nameKey(part.replace(/[-_]+/g, " "));
    if (!key) return null;
    var named = namedPage(key);
    if (named) return named;
    var candidates = {}, best = null, bestDistance = Math.max(1, Math.floor(key.length / 8)) + 1;
    Object.keys(names).forEach(function (name) {
      var url = names[name];
      if (typeof url !== "string") return;
      candidates[name] = url;
      candidates[nameKey(url.split("/").filter(Boolean).pop().replace(/-/g, " "))] = url;  /* its id */
    });
    Object.keys(candidates).sort().forEach(function (candidate) {
      if (Math.abs(candidate.length - key.length) >= bestDistance) return;
      var d = editDistance(key, candidate);
      if (d < bestDistance) { bestDistance = d; best = candidates[candidate]; }
    });
    return best ? new URL(best, ROOT) : null;
  }

  function notFound() {
    var guess = document.getElementById("kb-not-found-guess");
    if (!guess || !ROOT || guess.getAttribute("data-for") === window.location.pathname) return;
    guess.setAttribute("data-for", window.location.pathname);
    var parts = window.location.pathname.replace(/\/(index\.html?)?$/, "").split("/");
    var part = parts[parts.length - 1];
    try { part = decodeURIComponent(part); } catch (error) { /* kept as written */ }
    if (!part || /^404(\.html)?$/.test(part)) return;
    loadNames().then(function () {
      var target = guessPage(part);
      if (!target || target.pathname === window.location.pathname) return;
      return loadPreviews().then(function () {
        var id = target.pathname.split("/").filter(Boolean).pop();
        var name = (previewText({ getAttribute: function () { return id; } }) || "").split("\n")[0] || id;
        guess.textContent = "";
        guess.appendChild(document.createTextNode("Perhaps you were looking for "));
        var link = element("a", { href: target.href, "data-kb-preview": id }, name);
        guess.appendChild(link);
        guess.appendChild(document.createTextNode("?"));
        guess.hidden = false;
        previewOn(link, link);
      });
    });
  }

  /* Every page: on the first load, and (with the theme's instant navigation) after each page
     the theme swaps in; the card of the page left behind goes with it. */
  function start() {
    hidePreview();
    listenOnce();
    previews(document);
    folds(document);
    sortables(document);
    searchFirst();
    debateMaps();
    notFound();
    afterScript("cytoscape", graphView);
  }

  /* Run `fn` once the page's vendored script `name` has run: after instant navigation the
     theme may tell of the new page before the script it re-inserted has loaded. */
  function afterScript(name, fn) {
    var script = document.querySelector("script[src*='assets/vendor/" + name + "']");
    if (script && typeof window[name] === "undefined") {
      script.addEventListener("load", fn, { once: true });
    } else {
      fn();
    }
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
