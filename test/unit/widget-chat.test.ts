import { describe, expect, it } from "vitest";
import { chatMessage } from "../../widget/src/chat-message";

describe("the chat handoff's message", () => {
  it("ends the title's sentence before the body, unless it already ends in punctuation", () => {
    expect(chatMessage({ title: "Your cart is waiting", body: "You left these items behind." })).toBe("Your cart is waiting. You left these items behind.");
    expect(chatMessage({ title: "Still thinking?", body: "Your cart is saved." })).toBe("Still thinking? Your cart is saved.");
    expect(chatMessage({ title: "Your cart is waiting" })).toBe("Your cart is waiting");
  });
});
