//! Live mode in the page's model: its dashboard drawn while open, for the
//! filter without an as-of instant.

use super::*;

#[test]
fn live_modes_dashboard_is_drawn_while_open_and_the_one_before_comes_back() {
    let mut s = Session::with_demo();
    let before = s.page.dashboard().cloned();
    let live = dashboard(dataset(), &women(), 10);
    s.page.set_live(Some(live.clone()));
    assert_eq!(s.page.dashboard(), Some(&live));
    // The main worker's answers go on meanwhile: live still drawn.
    s.send(Msg::Filter(women(), 250));
    s.dashboard(2);
    assert_eq!(s.page.dashboard(), Some(&live));
    s.page.set_live(None);
    assert_eq!(
        s.page.dashboard().map(|d| d.kpis.ratings),
        before.map(|d| d.kpis.ratings)
    );
}

#[test]
fn live_modes_dashboard_is_drawn_for_the_filter_without_its_instant() {
    let mut s = Session::with_demo();
    let at = Filter {
        as_of: Some(975_628_800),
        ..women()
    };
    s.send(Msg::Filter(at.clone(), 250));
    assert_eq!(s.page.drawn_filter(), at);
    s.page.set_live(Some(dashboard(dataset(), &women(), 10)));
    assert!(s.page.is_live());
    assert_eq!(s.page.drawn_filter(), women());
    s.page.set_live(None);
    assert_eq!(s.page.drawn_filter(), at);
}
