/** A screen's first load: announced politely, replaced by the data, its empty state or its error. */
export function Loading(props: { what: string }) {
  return (
    <p class="muted loading" role="status" data-testid="loading">
      Loading {props.what}…
    </p>
  );
}
