// Drydock's embed helper: include it once on a page that embeds the
// playground (docs/embedding.md), after or before the iframes:
//
//   <iframe src="https://your.host/drydock/?embed#code=…" data-drydock-embed
//     title="Dockerfile checked by Drydock" style="width:100%;height:360px;border:0"></iframe>
//   <script src="https://your.host/drydock/embed.js" async></script>
//
// Each embedded playground posts {type: "drydock:height", height} to this
// page when its content changes size; this sets its iframe's height to it.
// It only reads messages from frames of the origin this script came from,
// and only changes the height of the frame that sent the message.
(function () {
  var script = document.currentScript;
  var origin = script ? new URL(script.src, location.href).origin : null;
  var MAX = 4000;
  addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "drydock:height" || typeof data.height !== "number") return;
    if (origin && event.origin !== origin) return;
    var frames = document.querySelectorAll("iframe[data-drydock-embed]");
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var h = Math.max(120, Math.min(MAX, Math.ceil(data.height)));
        frames[i].style.height = h + "px";
        frames[i].setAttribute("data-drydock-height", String(h));
      }
    }
  });
})();
