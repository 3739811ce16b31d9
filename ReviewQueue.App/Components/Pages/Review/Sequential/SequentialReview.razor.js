// Keyboard shortcuts of sequential review (see SPEC.md). Keys become actions here and reach .NET
// one at a time, in the order they were pressed, so that "3 R Enter" typed quickly still lands
// on one item in that order.

const attached = new WeakMap();

const modifiers = new Set(['control', 'shift', 'alt', 'meta']);

const actions = {
    '1': 'positive',
    '2': 'neutral',
    '3': 'negative',
    'a': 'approve',
    'r': 'reject',
    's': 'skip',
    'k': 'back',
    'arrowleft': 'back',
    '?': 'help',
    'enter': 'submit',
};

export function attach(root, dotNet) {
    const state = { root, dotNet, chain: Promise.resolve(), submitting: 0, justSubmitted: false };
    state.onKeyDown = event => onKeyDown(state, event);
    document.addEventListener('keydown', state.onKeyDown);
    attached.set(root, state);
    root.dataset.shortcuts = 'ready';
}

export function detach(root) {
    const state = attached.get(root);
    if (!state) {
        return;
    }

    document.removeEventListener('keydown', state.onKeyDown);
    attached.delete(root);
    root.dataset.shortcuts = 'off';
}

function onKeyDown(state, event) {
    if (event.isComposing || !inScope(state.root, event.target)) {
        return;
    }

    const key = event.key.toLowerCase();
    const field = textField(event.target);

    // Any other key between two Enters makes the second one a new submit, not a double press.
    if (key !== 'enter' && !modifiers.has(key)) {
        state.justSubmitted = false;
    }

    if (key === 'enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        if (!event.repeat) {
            submit(state);
        }
        return;
    }

    if (key === 'escape') {
        if (field) {
            event.preventDefault();
            event.target.blur();
        } else {
            send(state, 'close-help');
        }
        return;
    }

    // Inside a text field keys are text; only Enter in Label submits (Enter in Notes is a new line).
    if (field) {
        if (key === 'enter' && field === 'label' && !event.shiftKey && !event.altKey) {
            event.preventDefault();
            if (!event.repeat) {
                submit(state);
            }
        }
        return;
    }

    const action = actions[key];
    if (!action || event.ctrlKey || event.metaKey || event.altKey) {
        return;
    }

    // A focused button, link or summary keeps its own Enter, except the sentiment and decision
    // buttons, which keep focus after a click and would otherwise swallow the submit.
    if (key === 'enter' && activatable(event.target)) {
        return;
    }

    event.preventDefault();
    if (event.repeat) {
        return;
    }

    if (action === 'submit') {
        submit(state);
    } else {
        send(state, action);
    }
}

// One submit for a double Enter: a second Enter right after the first, while the first is still on
// its way, is dropped. An Enter after other keys ("3 R Enter" typed fast) waits its turn instead.
function submit(state) {
    if (state.submitting > 0 && state.justSubmitted) {
        return;
    }

    state.submitting++;
    state.justSubmitted = true;
    const label = valueOf(state.root, 'label');
    const notes = valueOf(state.root, 'notes');

    // Leave the text field: the keys that follow are shortcuts again, on the next item (whose panel
    // keeps its fields when they are empty) or after a hint asking for a sentiment (1, 2 or 3).
    const active = document.activeElement;
    if (active instanceof HTMLElement && state.root.contains(active) && textField(active)) {
        active.blur();
    }

    enqueue(state, () => state.dotNet.invokeMethodAsync('Submit', label, notes))
        .finally(() => { state.submitting--; });
}

function send(state, action) {
    enqueue(state, () => state.dotNet.invokeMethodAsync('Shortcut', action));
}

function enqueue(state, call) {
    const run = state.chain.then(call);
    state.chain = run.catch(error => console.error('Shortcut failed', error));
    return state.chain;
}

function inScope(root, target) {
    if (!(target instanceof Element) || target === document.body || target === document.documentElement) {
        return true;
    }

    return root.contains(target) && !target.closest('.mud-dialog-container, .mud-popover');
}

function textField(target) {
    if (!(target instanceof Element)) {
        return null;
    }

    const own = target.closest('[data-rq-field]');
    if (own) {
        return own.dataset.rqField;
    }

    return target.isContentEditable || target.matches('input, textarea, select') ? 'text' : null;
}

function activatable(target) {
    return target instanceof Element
        && target.matches('button, a[href], summary, [role=button]')
        && !target.closest('[data-rq-choice]');
}

function valueOf(root, field) {
    const input = root.querySelector(`[data-rq-field="${field}"] input, [data-rq-field="${field}"] textarea`);
    return input ? input.value : null;
}

// Nothing to do: .NET awaits this call to know that the browser has applied every render batch sent
// before it (batches and calls arrive in order, and a batch is applied as soon as it arrives).
export function rendered() {
}
