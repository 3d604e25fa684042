/* Tillit: small progressive enhancement. Every page works without it.
 * - moves focus to an error summary so screen readers announce it;
 * - turns a typed reference field into a combobox (ARIA 1.2 pattern:
 *   input with role=combobox, a listbox of suggestions from the API):
 *   arrow keys move, Enter or a click chooses, Escape closes. Choosing
 *   puts the record's title in the field and its number in the hidden
 *   field beside it, so the server knows which one was meant. */
(function () {
	'use strict';

	var summary = document.querySelector('[data-focus]');
	if (summary) summary.focus();

	function combobox(input, n) {
		var entity = input.getAttribute('data-suggest');
		var titleField = input.getAttribute('data-title') || 'name';
		var ids = document.getElementById(input.getAttribute('data-ids'));
		var list = document.createElement('ul');
		var items = [], active = -1, timer = null, last = '';
		list.id = input.id + '-suggest';
		list.className = 'suggest';
		list.setAttribute('role', 'listbox');
		list.setAttribute('aria-label', input.labels && input.labels[0] ? input.labels[0].textContent : '');
		list.hidden = true;
		input.parentNode.appendChild(list);
		input.setAttribute('role', 'combobox');
		input.setAttribute('aria-autocomplete', 'list');
		input.setAttribute('aria-expanded', 'false');
		input.setAttribute('aria-controls', list.id);

		function close() {
			list.hidden = true;
			active = -1;
			input.setAttribute('aria-expanded', 'false');
			input.removeAttribute('aria-activedescendant');
		}
		function mark(i) {
			active = i;
			Array.prototype.forEach.call(list.children, function (li, k) {
				li.setAttribute('aria-selected', k === i ? 'true' : 'false');
			});
			if (i >= 0) {
				input.setAttribute('aria-activedescendant', list.children[i].id);
				list.children[i].scrollIntoView({ block: 'nearest' });
			} else {
				input.removeAttribute('aria-activedescendant');
			}
		}
		function choose(i) {
			var it = items[i];
			if (!it) return;
			input.value = it.title;
			last = it.title;
			if (ids) ids.value = String(it.id);
			close();
		}
		function show(data) {
			while (list.firstChild) list.removeChild(list.firstChild);
			items = (data.items || []).map(function (it) {
				return { id: it.id, title: String(it[titleField] || ('#' + it.id)) };
			});
			items.forEach(function (it, k) {
				var li = document.createElement('li');
				li.id = list.id + '-' + k;
				li.setAttribute('role', 'option');
				li.setAttribute('aria-selected', 'false');
				li.textContent = it.title;
				li.addEventListener('mousedown', function (ev) { ev.preventDefault(); });
				li.addEventListener('click', function () { choose(k); });
				list.appendChild(li);
			});
			active = -1;
			list.hidden = items.length === 0;
			input.setAttribute('aria-expanded', items.length ? 'true' : 'false');
		}
		input.addEventListener('input', function () {
			var text = input.value.trim();
			if (text === last) return;
			last = text;
			clearTimeout(timer);
			if (text.length < 2 || text.charAt(0) === '#') { close(); return; }
			timer = setTimeout(function () {
				fetch('/api/v1/' + encodeURIComponent(entity) + '?limit=10&q=' + encodeURIComponent(text),
				      { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
					.then(function (r) { return r.ok ? r.json() : { items: [] }; })
					.then(function (data) { if (input.value.trim() === text) show(data); })
					.catch(function () {});
			}, 200);
		});
		input.addEventListener('keydown', function (ev) {
			var open = !list.hidden && items.length;
			if (ev.key === 'ArrowDown' && open) {
				ev.preventDefault();
				mark(active < items.length - 1 ? active + 1 : 0);
			} else if (ev.key === 'ArrowUp' && open) {
				ev.preventDefault();
				mark(active > 0 ? active - 1 : items.length - 1);
			} else if (ev.key === 'Enter' && open && active >= 0) {
				ev.preventDefault();
				choose(active);
			} else if (ev.key === 'Escape' && open) {
				ev.preventDefault();
				close();
			}
		});
		input.addEventListener('blur', close);
	}
	Array.prototype.forEach.call(document.querySelectorAll('input[data-suggest]'), combobox);
})();
