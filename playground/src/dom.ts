/** The element with this id, of the type the page's HTML gives it (a missing one is a build error of ours). */
export function byId<E extends HTMLElement>(id: string, type: new () => E): E {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new TypeError(`playground: #${id} is missing`);
  return element;
}

/** Runs `work` once typing has paused for `ms`. */
export function debounce(work: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(work, ms);
  };
}
