// The status page: reads /status.json every 5 s and shows it. Every value goes into the page as text
// (textContent, SVG text nodes), never as HTML, so nothing the service reports can become markup.
"use strict";

(function () {
  var REFRESH_MS = 5000;
  var SVG = "http://www.w3.org/2000/svg";

  function $(id) { return document.getElementById(id); }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (className) { node.className = className; }
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }

  function time(iso) {
    if (!iso) { return "-"; }
    var d = new Date(iso);
    if (isNaN(d.getTime())) { return String(iso); }
    return d.toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
  }

  function duration(ms) {
    if (ms === null || ms === undefined) { return "-"; }
    if (ms < 1000) { return ms + " ms"; }
    if (ms < 60000) { return (ms / 1000).toFixed(1) + " s"; }
    if (ms < 3600000) { return (ms / 60000).toFixed(1) + " min"; }
    return (ms / 3600000).toFixed(1) + " h";
  }

  function badge(node, text, ok) {
    node.textContent = text;
    node.className = "badge " + (ok ? "ok" : "bad");
  }

  function emptyRow(tbody, columns, text) {
    var tr = el("tr");
    var td = el("td", text, "empty");
    td.colSpan = columns;
    tr.appendChild(td);
    tbody.appendChild(tr);
  }

  function renderReadiness(status) {
    var ready = status.readiness || {};
    badge($("readiness"), ready.status === "UP" ? "ready" : "not ready", ready.status === "UP");
    $("readiness-reasons").textContent = (ready.down || []).join("; ");
    $("generated-at").textContent = time(status.generatedAt);
    $("generated-at").setAttribute("datetime", status.generatedAt || "");
  }

  function renderCircuit(circuit) {
    circuit = circuit || {};
    badge($("circuit-state"), circuit.state || "-", circuit.state === "CLOSED");
    $("circuit-detail").textContent = circuit.state === "OPEN"
      ? "since " + time(circuit.openSince) + ": " + (circuit.reason || "")
      : "SES accepts sends";
  }

  function renderCounters(routes, calls) {
    var body = $("counter-rows");
    clear(body);
    (routes || []).forEach(function (route) {
      var tr = el("tr");
      tr.setAttribute("data-route", route.route);
      tr.appendChild(el("td", route.route));
      ["read", "skipped", "sent", "duplicates", "retried", "deadLettered"].forEach(function (name) {
        var td = el("td", route[name], "num");
        td.setAttribute("data-counter", name);
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!routes || routes.length === 0) { emptyRow(body, 7, "no route reads a stream"); }
    calls = calls || {};
    $("ses-accepted").textContent = calls.accepted || 0;
    $("ses-failed").textContent = calls.failed || 0;
    var detail = Object.keys(calls.failedByOutcome || {}).map(function (k) {
      return k + " " + calls.failedByOutcome[k];
    });
    $("ses-failed-detail").textContent = detail.length ? "(" + detail.join(", ") + ")" : "";
  }

  function renderSparkline(perMinute) {
    var counts = (perMinute && perMinute.counts) || [];
    var box = $("sparkline");
    clear(box);
    // drawn at the box's own width, so that the labels are not stretched
    var width = Math.max(240, box.clientWidth || 600), height = 90, top = 14, bottom = 16, left = 4, right = 4;
    var max = counts.reduce(function (m, c) { return Math.max(m, c); }, 0);
    var total = counts.reduce(function (s, c) { return s + c; }, 0);
    var chart = svg("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height,
      role: "img", "aria-label": "e-mails sent per minute over the last hour" });
    var plot = height - top - bottom;
    var step = counts.length ? (width - left - right) / counts.length : 0;
    var end = perMinute && perMinute.end ? new Date(perMinute.end).getTime() : Date.now();
    counts.forEach(function (count, i) {
      var h = max > 0 ? Math.max(count > 0 ? 1 : 0, Math.round(plot * count / max)) : 0;
      var bar = svg("rect", { "class": "bar", x: (left + i * step + 1).toFixed(1), y: top + plot - h,
        width: Math.max(1, step - 2).toFixed(1), height: h });
      var title = svg("title");
      var minute = new Date(end - (counts.length - i) * 60000);
      title.textContent = count + " sent in the minute from " + time(minute.toISOString());
      bar.appendChild(title);
      chart.appendChild(bar);
    });
    chart.appendChild(svg("line", { "class": "axis", x1: left, x2: width - right, y1: top + plot + 0.5,
      y2: top + plot + 0.5 }));
    var label = function (x, y, text, anchor) {
      var t = svg("text", { x: x, y: y, "text-anchor": anchor });
      t.textContent = text;
      chart.appendChild(t);
    };
    label(left, height - 3, "60 min ago", "start");
    label(width - right, height - 3, "now", "end");
    label(left, 10, "max " + max + "/min", "start");
    box.appendChild(chart);
    $("sends-hour").textContent = total;
    $("sends-peak").textContent = max;
  }

  function renderStreams(streams) {
    var list = $("stream-list");
    clear(list);
    (streams || []).forEach(function (stream) {
      var div = el("div", null, "stream");
      div.appendChild(el("h3", "table " + stream.table + " (route " + stream.route + ")"));
      div.appendChild(el("p", "worker " + stream.worker + ", lease table " + stream.leaseTable + ", "
        + (stream.readingSince ? "reading since " + time(stream.readingSince) : "not reading"), "note"));
      if (stream.error) { div.appendChild(el("p", stream.error, "error")); }
      var table = el("table");
      var head = el("tr");
      ["shard", "owner", "position (checkpointed sequence number)", "behind latest"].forEach(function (h) {
        head.appendChild(el("th", h));
      });
      table.appendChild(el("thead")).appendChild(head);
      var body = el("tbody");
      (stream.shards || []).forEach(function (shard) {
        var tr = el("tr");
        tr.setAttribute("data-shard", shard.shard);
        tr.appendChild(el("td", shard.shard, "mono"));
        tr.appendChild(el("td", shard.owner ? shard.owner + (shard.readHere ? " (this instance)" : "") : "-"));
        var position = el("td", shard.checkpoint || "-", "mono");
        position.setAttribute("data-position", "");
        tr.appendChild(position);
        var lag = shard.readHere ? duration(shard.millisBehindLatest)
          : (shard.checkpoint === "SHARD_END" ? "ended" : "read elsewhere");
        var td = el("td", lag, "num" + (shard.readHere && shard.millisBehindLatest > 60000 ? " lag-high" : ""));
        td.setAttribute("data-lag", "");
        tr.appendChild(td);
        body.appendChild(tr);
      });
      if (!stream.shards || stream.shards.length === 0) { emptyRow(body, 4, "no shard yet"); }
      table.appendChild(body);
      div.appendChild(table);
      list.appendChild(div);
    });
    if (!streams || streams.length === 0) { list.appendChild(el("p", "no route reads a stream", "empty")); }
  }

  function renderDeadLetters(letters) {
    var body = $("dead-letter-rows");
    clear(body);
    (letters || []).forEach(function (letter) {
      var tr = el("tr");
      tr.setAttribute("data-event-id", letter.eventID || "");
      tr.appendChild(el("td", time(letter.failedAt)));
      tr.appendChild(el("td", letter.eventID, "mono"));
      tr.appendChild(el("td", letter.table));
      var recipient = el("td", letter.recipient, "mono");
      recipient.setAttribute("data-recipient", "");
      tr.appendChild(recipient);
      var reason = el("td", letter.reason, "reason");
      reason.setAttribute("data-reason", "");
      tr.appendChild(reason);
      body.appendChild(tr);
    });
    if (!letters || letters.length === 0) { emptyRow(body, 5, "none"); }
  }

  function percent(rate, digits) { return (100 * (rate || 0)).toFixed(digits) + " %"; }

  function renderFeedback(feedback) {
    $("feedback").hidden = !feedback || !feedback.enabled;
    if (!feedback || !feedback.enabled) { return; }
    var reputation = feedback.reputation || {};
    $("feedback-window").textContent = duration((reputation.windowMinutes || 0) * 60000);
    $("feedback-sends").textContent = String(reputation.sends || 0);
    $("feedback-bounce-rate").textContent = percent(reputation.bounceRate, 2);
    $("feedback-complaint-rate").textContent = percent(reputation.complaintRate, 3);
    $("feedback-warnings").textContent = (feedback.warnings || []).join("; ");
    var counts = feedback.counts || {};
    $("feedback-counts").textContent = Object.keys(counts).map(function (k) { return k + " " + counts[k]; })
      .join(", ") || "none";
    var body = $("feedback-rows");
    clear(body);
    (feedback.events || []).forEach(function (event) {
      var tr = el("tr");
      tr.appendChild(el("td", time(event.at)));
      tr.appendChild(el("td", event.state + (event.suppressed ? " (suppressed)" : "")));
      tr.appendChild(el("td", event.route));
      tr.appendChild(el("td", event.order, "mono"));
      tr.appendChild(el("td", event.recipient, "mono"));
      tr.appendChild(el("td", event.detail || ""));
      body.appendChild(tr);
    });
    if (!feedback.events || feedback.events.length === 0) { emptyRow(body, 6, "none"); }
  }

  function render(status) {
    renderReadiness(status);
    renderCircuit(status.sesCircuit);
    renderCounters(status.routes, status.sesCalls);
    renderSparkline(status.sentPerMinute);
    renderStreams(status.streams);
    renderFeedback(status.feedback);
    renderDeadLetters(status.deadLetters);
    document.body.setAttribute("data-loaded", status.generatedAt || "");
  }

  function refresh() {
    fetch("/status.json", { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status.json answered " + response.status); }
        return response.json();
      })
      .then(function (status) {
        $("load-error").hidden = true;
        render(status);
      })
      .catch(function (error) {
        $("load-error").textContent = "could not load the status: " + error.message;
        $("load-error").hidden = false;
      })
      .then(function () { setTimeout(refresh, REFRESH_MS); });
  }

  refresh();
}());
