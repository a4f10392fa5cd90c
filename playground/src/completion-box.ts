import { accept, completionsFor, docFor, tokenAt, type Completion } from './completion';

/**
 * The "Transformation" input as an ARIA combobox: suggestions of parameter keys under it (Arrow keys
 * move, Enter or Tab accepts, Escape closes), and the doc of the parameter at the caret below it.
 */
export function attachCompletion(
  input: HTMLInputElement,
  list: HTMLUListElement,
  doc: HTMLElement,
  onChange: () => void,
): void {
  let shown: Completion[] = [];
  let active = -1;

  const close = () => {
    shown = [];
    active = -1;
    list.hidden = true;
    list.replaceChildren();
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };

  const highlight = (index: number) => {
    active = index;
    [...list.children].forEach((item, i) => item.setAttribute('aria-selected', String(i === index)));
    const item = list.children[index];
    if (item) {
      input.setAttribute('aria-activedescendant', item.id);
      item.scrollIntoView({ block: 'nearest' });
    }
  };

  const choose = (completion: Completion) => {
    const caret = input.selectionStart ?? input.value.length;
    const next = accept(input.value, tokenAt(input.value, caret), completion);
    input.value = next.text;
    input.setSelectionRange(next.caret, next.caret);
    close();
    refresh();
    onChange();
  };

  const refresh = () => {
    const caret = input.selectionStart ?? input.value.length;
    const token = tokenAt(input.value, caret);
    const described = docFor(token);
    doc.textContent = described ? `${described.key}: ${described.doc}` : '';
    shown = token.text === '' && input.value !== '' ? [] : completionsFor(token, caret);
    if (shown.length === 0) return close();
    list.replaceChildren(
      ...shown.map((completion, index) => {
        const item = document.createElement('li');
        item.id = `completion-${index}`;
        item.setAttribute('role', 'option');
        item.setAttribute('aria-selected', 'false');
        const key = document.createElement('code');
        key.textContent = completion.key;
        item.append(key, ` ${completion.doc}`);
        // mousedown, not click: the input keeps its focus.
        item.addEventListener('mousedown', (event) => {
          event.preventDefault();
          choose(completion);
        });
        return item;
      }),
    );
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
  };

  input.addEventListener('input', () => {
    refresh();
    onChange();
  });
  input.addEventListener('focus', refresh);
  input.addEventListener('click', refresh);
  input.addEventListener('blur', close);
  input.addEventListener('keydown', (event) => {
    if (list.hidden) {
      if (event.key === 'ArrowDown') refresh();
      return;
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      const first = step > 0 ? 0 : shown.length - 1;
      highlight(active < 0 ? first : (active + step + shown.length) % shown.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && active >= 0) {
      event.preventDefault();
      const completion = shown[active];
      if (completion) choose(completion);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      close();
    }
  });
}
