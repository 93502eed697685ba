// The demo storefront's own script, a file rather than inline: the page's Content-Security-Policy allows no inline script.
(function () {
  var params = new URLSearchParams(location.search);
  var key = params.get("key") || "";
  var cartToken = params.get("cart_token") || "";
  // The shopper the demo cart was saved for (npm start mints one): a storefront that knows its
  // visitor hands the widget its signed token, as this page does from its URL.
  var visitorToken = params.get("visitor_token") || "";
  var status = document.getElementById("widget-status");
  var events = document.getElementById("events");

  document.getElementById("cart-status").textContent = cartToken ? "Cart · 1 saved cart" : "Cart · empty";
  document.querySelectorAll(".add").forEach(function (button) {
    button.addEventListener("click", function () {
      button.textContent = "Demo only";
      button.disabled = true;
    });
  });

  if (!/^pk_[A-Za-z0-9_-]+$/.test(key)) {
    status.textContent = "Open this page with ?key=pk_…&cart_token=… (npm start prints the full URL).";
    document.getElementById("show-popup").hidden = true;
    return;
  }

  status.textContent = cartToken
    ? "Widget loaded for cart " + cartToken + ". The popup appears after the store's delay."
    : "Widget loaded without a cart token.";

  ["shown", "clicked", "dismissed"].forEach(function (name) {
    window.addEventListener("reva:popup-" + name, function (event) {
      var item = document.createElement("li");
      item.textContent = new Date().toLocaleTimeString() + " — popup " + name + " (sequence " + event.detail.sequence_id + ")";
      events.appendChild(item);
    });
  });
  document.getElementById("show-popup").addEventListener("click", function () {
    if (window.Reva) window.Reva.show();
  });

  var script = document.createElement("script");
  script.src = "/widget.js";
  script.async = true;
  script.dataset.key = key;
  if (cartToken) script.dataset.cartToken = cartToken;
  if (visitorToken) script.dataset.visitorToken = visitorToken;
  document.head.appendChild(script);
})();
