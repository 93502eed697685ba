/** Exit intent needs a mouse: on touch screens the store's delay applies instead. */
export const canSenseExitIntent = (): boolean =>
  typeof matchMedia === "function" && matchMedia("(hover: hover) and (pointer: fine)").matches;

/** Calls `fire` once, when the pointer leaves the page through its top edge (towards the tabs or the address bar). */
export function onExitIntent(fire: () => void): void {
  const listener = (event: MouseEvent) => {
    if (event.relatedTarget !== null || event.clientY > 0) return;
    document.removeEventListener("mouseout", listener);
    fire();
  };
  document.addEventListener("mouseout", listener);
}
