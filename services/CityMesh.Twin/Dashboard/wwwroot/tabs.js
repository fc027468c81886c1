// CityMesh operations center: the side panel's tabs (City, Inbox, Incidents, Scenarios). Real buttons, so Tab reaches
// them and Enter or Space opens one; the arrow keys move between them as in a tab list.
'use strict';

(() => {
  const tabs = [...document.querySelectorAll('.tabs [role="tab"]')];

  function show(tab) {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')).hidden = !selected;
    }
    document.body.dataset.tab = tab.id.replace('tab-', '');
    document.dispatchEvent(new CustomEvent('citymesh:tab', { detail: document.body.dataset.tab }));
  }

  for (const tab of tabs) {
    tab.addEventListener('click', () => show(tab));
    tab.addEventListener('keydown', (ev) => {
      const step = ev.key === 'ArrowRight' ? 1 : ev.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = tabs[(tabs.indexOf(tab) + step + tabs.length) % tabs.length];
      next.focus();
      show(next);
    });
  }
  show(tabs[0]);

  window.CityMeshTabs = { show: (name) => show(document.getElementById(`tab-${name}`)) };
})();
