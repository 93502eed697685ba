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
  var chat = document.getElementById("demo-chat");
  var chatMessages = chat.querySelector(".messages");
  // Popup or chat mode, kept in the URL (?mode=chat) so a reload keeps it.
  var mode = params.get("mode") === "chat" ? "chat" : "popup";

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

  function money(amount, currency) {
    try {
      return new Intl.NumberFormat(document.documentElement.lang, { style: "currency", currency: currency }).format(Number(amount));
    } catch (error) {
      return Number(amount).toFixed(2) + " " + currency;
    }
  }

  // The demo chat widget: it takes Reva's offer and shows it as a message in its conversation.
  function showOfferInChat(offer) {
    var message = document.createElement("li");
    message.className = "message";
    message.dataset.testid = "demo-chat-offer";
    var text = document.createElement("p");
    text.textContent = offer.message;
    var items = document.createElement("ul");
    offer.items.forEach(function (item) {
      var line = document.createElement("li");
      line.textContent = item.title + (item.quantity > 1 ? " × " + item.quantity : "");
      items.appendChild(line);
    });
    var total = document.createElement("p");
    total.textContent = "Total " + money(offer.total_price, offer.currency);
    var checkout = document.createElement("a");
    checkout.href = offer.checkout_url;
    checkout.textContent = "Complete purchase";
    checkout.addEventListener("click", function () {
      offer.accept();
    });
    var later = document.createElement("button");
    later.type = "button";
    later.className = "secondary";
    later.textContent = "Not now";
    later.addEventListener("click", function () {
      offer.dismiss();
      message.remove();
    });
    message.append(text, items, total, checkout, later);
    chatMessages.appendChild(message);
    chat.hidden = false;
  }

  function useMode(next) {
    mode = next;
    chat.hidden = mode !== "chat";
    params.set("mode", mode);
    history.replaceState(null, "", location.pathname + "?" + params.toString());
    if (window.Reva) window.Reva.useChat(mode === "chat" ? showOfferInChat : null);
  }
  document.querySelectorAll('input[name="mode"]').forEach(function (radio) {
    radio.checked = radio.value === mode;
    radio.addEventListener("change", function () {
      if (radio.checked) useMode(radio.value);
    });
  });
  chat.hidden = mode !== "chat";
  // widget.js loads async: it announces window.Reva with reva:ready, before it asks for an offer.
  window.addEventListener("reva:ready", function () {
    if (mode === "chat") window.Reva.useChat(showOfferInChat);
  });

  var script = document.createElement("script");
  script.src = "/widget.js";
  script.async = true;
  script.dataset.key = key;
  if (cartToken) script.dataset.cartToken = cartToken;
  if (visitorToken) script.dataset.visitorToken = visitorToken;
  document.head.appendChild(script);
})();
