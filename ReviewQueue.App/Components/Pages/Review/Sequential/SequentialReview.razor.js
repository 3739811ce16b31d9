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
    const state = {
        root, dotNet, chain: Promise.resolve(), moving: 0, choosing: 0, submitting: 0, justSubmitted: false,
    };
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

    // Only when no earlier key is still moving to another item, so that the page shows the item and
    // the one fetched ahead as the server has them; a sentiment key still on its way counts as chosen.
    const swap = state.moving === 0 ? showNext(state.root, state.choosing > 0) : null;

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

    enqueue(state, 'move', () => state.dotNet.invokeMethodAsync('Submit', label, notes))
        .then(shown => {
            if (swap && String(shown) !== swap.to.item) {
                takeBack(swap);
            }
        }, () => {
            if (swap) {
                takeBack(swap);
            }
        })
        .finally(() => { state.submitting--; });
}

// Enter shows the item fetched ahead at once, without waiting for the server: the server has it
// rendered in the page, hidden, and shows the same one when the review is valid. The render that
// follows from the server makes the same changes (text, data-item-id, hidden) and drops the trace
// left behind. Only the nodes Blazor renders these values into are touched, and only to the values
// it renders next, so its picture of the page stays true. Null when there is nothing to show yet.
function showNext(root, sentimentOnItsWay) {
    const header = root.querySelector('[data-testid=current-trace-id]');
    const text = header?.firstChild;
    if (!header || !(text instanceof Text) || header.childNodes.length !== 1
        || !(sentimentOnItsWay || sentimentChosen(root))) {
        return null;
    }

    const pages = [...root.querySelectorAll('.rq-trace-page')];
    const at = pages.findIndex(page => !page.hidden);
    const next = at < 0 ? null : pages.slice(at + 1).find(page => page.hidden);
    if (!next || !next.dataset.itemId || next.dataset.traceId === undefined) {
        return null;
    }

    const swap = {
        header, text, shown: pages[at], next,
        from: { item: header.dataset.itemId, trace: text.nodeValue },
        to: { item: next.dataset.itemId, trace: next.dataset.traceId },
    };
    next.hidden = false;
    swap.shown.hidden = true;
    text.nodeValue = swap.to.trace;
    header.dataset.itemId = swap.to.item;
    return swap;
}

// The server kept the item on screen (a hint, or it was busy) or showed another: undo what the
// server did not do itself. A node it has since removed or changed is left to it.
function takeBack(swap) {
    if (swap.next.isConnected && !swap.next.hidden) {
        swap.next.hidden = true;
    }
    if (swap.shown.isConnected && swap.shown.hidden) {
        swap.shown.hidden = false;
    }
    if (swap.text.isConnected && swap.text.nodeValue === swap.to.trace) {
        swap.text.nodeValue = swap.from.trace;
    }
    if (swap.header.isConnected && swap.header.dataset.itemId === swap.to.item) {
        swap.header.dataset.itemId = swap.from.item;
    }
}

function sentimentChosen(root) {
    return root.querySelector('[role=group][aria-label=Sentiment] [aria-pressed=true]') !== null;
}

const moves = new Set(['skip', 'back']);
const sentiments = new Set(['positive', 'neutral', 'negative']);

function send(state, action) {
    const kind = moves.has(action) ? 'move' : sentiments.has(action) ? 'choose' : 'other';
    enqueue(state, kind, () => state.dotNet.invokeMethodAsync('Shortcut', action));
}

// Calls go one at a time, in order; the promise answers the call's result. Counted while on their
// way: those that move to another item, and sentiment choices.
function enqueue(state, kind, call) {
    const counter = kind === 'move' ? 'moving' : kind === 'choose' ? 'choosing' : null;
    if (counter) {
        state[counter]++;
    }
    const run = state.chain.then(call).finally(() => {
        if (counter) {
            state[counter]--;
        }
    });
    state.chain = run.catch(error => console.error('Shortcut failed', error));
    return run;
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
