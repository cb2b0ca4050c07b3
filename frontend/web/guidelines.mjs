// The guidelines panel: every label of the project's label sets with its colour, hotkey,
// description and edge cases, read from the label configuration (a project file's
// label_sets). Opened by the "Guidelines" button or Ctrl+G; Escape closes it.
import { el } from './dom.mjs';

const KIND_TITLES = {
  rectanglelabels: 'Boxes', polygonlabels: 'Polygons', brushlabels: 'Brush masks',
  keypointlabels: 'Keypoints', labels: 'Text spans', choices: 'Choices',
};

/**
 * Builds the panel into `root` (an empty <dialog>). labelsText() returns the current label
 * configuration text or null. Returns {open(), close()}.
 */
export function createGuidelines(root, { labelsText }) {
  const body = el('div', { id: 'guidelines-body' });
  const closeButton = el('button', { type: 'button', text: 'Close', id: 'guidelines-close' });
  closeButton.addEventListener('click', () => root.close());
  root.append(el('h2', { text: 'Guidelines' }), body, el('div', { className: 'project-buttons' }, [closeButton]));

  function render() {
    body.replaceChildren();
    let config = null;
    try {
      const text = labelsText();
      config = text ? JSON.parse(text) : null;
    } catch (e) {
      body.append(el('p', { text: `The label configuration cannot be read: ${e.message}` }));
      return;
    }
    const sets = config?.label_sets ?? [];
    if (!sets.length) {
      body.append(el('p', { text: 'This project has no label configuration with guidelines (it was opened from a task list alone). Create a project with "New project…" to write them.' }));
      return;
    }
    if (config.name) body.append(el('p', { className: 'project-note', text: config.name }));
    for (const set of sets) {
      const section = el('section', { className: 'guidelines-set' });
      section.append(el('h3', { text: `${KIND_TITLES[set.kind] ?? set.kind} on the ${set.to_name} (${set.name})` }));
      for (const label of set.labels ?? []) {
        const swatch = el('span', { className: 'swatch' });
        swatch.style.background = label.color ?? '#888';
        const head = el('div', { className: 'guidelines-label' }, [swatch, el('strong', { text: label.name })]);
        if (label.hotkey) head.append(el('kbd', { text: label.hotkey }));
        section.append(head);
        if (label.description) section.append(el('p', { className: 'guidelines-description', text: label.description }));
        if (label.examples?.length) {
          section.append(el('ul', { className: 'guidelines-examples' }, label.examples.map((x) => el('li', { text: x }))));
        }
        if (!label.description && !label.examples?.length) section.append(el('p', { className: 'project-note', text: 'No description yet.' }));
      }
      body.append(section);
    }
  }

  return {
    open() {
      render();
      root.showModal();
      // showModal focuses the first focusable element, the Close button at the bottom: start at
      // the top instead.
      root.scrollTop = 0;
      closeButton.blur();
      root.focus();
    },
    close() {
      root.close();
    },
  };
}
