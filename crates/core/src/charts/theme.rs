//! Colours, fonts and number formats shared by every chart.

use plotters::prelude::{FontDesc, FontFamily, FontStyle, RGBColor};
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::TextStyle;

use super::Style;

/// The palette and sizes of one drawing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Theme {
    /// Backend pixels per CSS pixel.
    pub s: f64,
    pub bg: RGBColor,
    pub fg: RGBColor,
    /// Secondary text: tick labels, notes.
    pub sub: RGBColor,
    pub grid: RGBColor,
    pub axis: RGBColor,
    /// Bars and points when their dimension is not filtered.
    pub primary: RGBColor,
    /// Items the active filter selects.
    pub accent: RGBColor,
    /// Items the active filter leaves out.
    pub muted: RGBColor,
    /// A second series (the monthly mean line).
    pub line: RGBColor,
    /// Women / above zero in the gender gap.
    pub warm: RGBColor,
    /// Men / below zero in the gender gap.
    pub cool: RGBColor,
    /// Accepted rows.
    pub good: RGBColor,
    /// Rejected rows.
    pub bad: RGBColor,
    /// Blank lines and empty cells.
    pub blank: RGBColor,
    /// Light text on a dark background.
    pub dark: bool,
}

const fn rgb(hex: u32) -> RGBColor {
    RGBColor((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

/// Sequential scale for counts, light background: pale to deep blue.
const SEQ_LIGHT: [RGBColor; 5] = [
    rgb(0xf4f8fc),
    rgb(0xc6dbef),
    rgb(0x6baed6),
    rgb(0x2171b5),
    rgb(0x08306b),
];
/// Sequential scale for counts, dark background: near-background to pale.
const SEQ_DARK: [RGBColor; 5] = [
    rgb(0x232a35),
    rgb(0x25496e),
    rgb(0x3182bd),
    rgb(0x6baed6),
    rgb(0xdeebf7),
];
/// Diverging scale (low red, middle neutral, high blue), light background.
const DIV_LIGHT: [RGBColor; 5] = [
    rgb(0xb2182b),
    rgb(0xef8a62),
    rgb(0xf2f2f2),
    rgb(0x67a9cf),
    rgb(0x2166ac),
];
/// Diverging scale, dark background.
const DIV_DARK: [RGBColor; 5] = [
    rgb(0xe0604d),
    rgb(0x9a5548),
    rgb(0x4a4c52),
    rgb(0x3f79a6),
    rgb(0x7cb8e6),
];

impl Theme {
    /// The theme for a style.
    pub fn new(style: &Style) -> Theme {
        let s = if style.scale.is_finite() && style.scale > 0.0 {
            style.scale.clamp(0.25, 8.0)
        } else {
            1.0
        };
        if style.dark {
            Theme {
                s,
                bg: rgb(0x181a1f),
                fg: rgb(0xe6e8eb),
                sub: rgb(0x9aa0a6),
                grid: rgb(0x30343c),
                axis: rgb(0x6e7680),
                primary: rgb(0x6ca0dc),
                accent: rgb(0xffa94d),
                muted: rgb(0x3e4654),
                line: rgb(0xff7a78),
                warm: rgb(0xf0806c),
                cool: rgb(0x64aadc),
                good: rgb(0x6ebe64),
                bad: rgb(0xff6363),
                blank: rgb(0x646464),
                dark: true,
            }
        } else {
            Theme {
                s,
                bg: rgb(0xffffff),
                fg: rgb(0x1f2328),
                sub: rgb(0x57606a),
                grid: rgb(0xe8ebef),
                axis: rgb(0x8c959f),
                primary: rgb(0x4c78a8),
                accent: rgb(0xf58518),
                muted: rgb(0xcdd5de),
                line: rgb(0xe45756),
                warm: rgb(0xd6604d),
                cool: rgb(0x4393c3),
                good: rgb(0x54a24b),
                bad: rgb(0xd62728),
                blank: rgb(0xb4b4b4),
                dark: false,
            }
        }
    }

    /// A CSS-pixel length in backend pixels.
    pub fn px(&self, css: f64) -> i32 {
        (css * self.s).round() as i32
    }

    /// A CSS-pixel line width in backend pixels, at least one.
    pub fn stroke(&self, css: f64) -> u32 {
        (css * self.s).round().max(1.0) as u32
    }

    /// A sans-serif font of `css` CSS pixels, anchored at its left middle.
    pub fn font(&self, css: f64, color: RGBColor) -> TextStyle<'static> {
        FontDesc::new(FontFamily::SansSerif, css * self.s, FontStyle::Normal)
            .color(&color)
            .pos(Pos::new(HPos::Left, VPos::Center))
    }

    /// Axis tick labels.
    pub fn tick(&self) -> TextStyle<'static> {
        self.font(11.0, self.sub)
    }

    /// Category labels.
    pub fn label(&self, color: RGBColor) -> TextStyle<'static> {
        self.font(12.0, color)
    }

    /// Notes beside bars.
    pub fn note(&self) -> TextStyle<'static> {
        self.font(11.0, self.sub)
    }

    /// Axis descriptions.
    pub fn desc(&self) -> TextStyle<'static> {
        self.font(12.0, self.sub)
    }

    /// Height of a line of text of `css` CSS pixels, in backend pixels.
    pub fn line_height(&self, css: f64) -> i32 {
        self.px(css * 1.3)
    }

    /// Length of the tick marks on every axis.
    pub fn tick_size(&self) -> i32 {
        self.px(4.0)
    }

    /// Width of a y axis' label area whose widest tick label is `tick_w`:
    /// the (rotated) description, a gap, the tick labels and marks.
    pub fn y_axis_width(&self, tick_w: i32) -> i32 {
        self.line_height(12.0) + self.px(6.0) + tick_w + 2 * self.tick_size()
    }

    /// Height of an x axis' label area: tick marks, tick labels and the
    /// description below them.
    pub fn x_axis_height(&self) -> i32 {
        2 * self.tick_size() + self.line_height(11.0) + self.line_height(12.0) + self.px(4.0)
    }

    /// Height of the category labels below columns.
    pub fn category_height(&self) -> i32 {
        self.px(6.0) + self.line_height(12.0) + self.px(2.0)
    }

    /// Height of the line above a plot that holds its legend or summary.
    pub fn legend_height(&self) -> i32 {
        self.line_height(11.0) + self.px(6.0)
    }

    /// The fill of an item whose selection is `selected` (see
    /// [`super::HitKey::selected`]).
    pub fn fill(&self, selected: Option<bool>) -> RGBColor {
        match selected {
            None => self.primary,
            Some(true) => self.accent,
            Some(false) => self.muted,
        }
    }

    /// The label colour of an item whose selection is `selected`.
    pub fn label_color(&self, selected: Option<bool>) -> RGBColor {
        match selected {
            Some(true) => self.accent,
            Some(false) => self.sub,
            None => self.fg,
        }
    }

    /// The sequential colour of `t` in 0..=1 (low counts pale).
    pub fn sequential(&self, t: f64) -> RGBColor {
        ramp(if self.dark { &SEQ_DARK } else { &SEQ_LIGHT }, t)
    }

    /// The diverging colour of `t` in -1..=1 (0 neutral).
    pub fn diverging(&self, t: f64) -> RGBColor {
        let t = if t.is_finite() {
            t.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        ramp(
            if self.dark { &DIV_DARK } else { &DIV_LIGHT },
            (t + 1.0) / 2.0,
        )
    }

    /// Black or white, whichever reads better on `bg`.
    pub fn ink_on(&self, bg: RGBColor) -> RGBColor {
        let RGBColor(r, g, b) = bg;
        let luma = 0.299 * f64::from(r) + 0.587 * f64::from(g) + 0.114 * f64::from(b);
        if luma > 150.0 {
            rgb(0x1f2328)
        } else {
            rgb(0xffffff)
        }
    }
}

/// Linear interpolation along evenly spaced colour stops; `t` in 0..=1.
fn ramp(stops: &[RGBColor], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let last = stops.len().saturating_sub(1);
    if last == 0 {
        return stops.first().copied().unwrap_or(RGBColor(0, 0, 0));
    }
    let x = t * last as f64;
    let i = (x.floor() as usize).min(last - 1);
    let f = x - i as f64;
    let (RGBColor(r0, g0, b0), RGBColor(r1, g1, b1)) = (stops[i], stops[i + 1]);
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    RGBColor(mix(r0, r1), mix(g0, g1), mix(b0, b1))
}

/// The sum, saturating instead of overflowing on absurd counts.
pub(crate) fn total(values: impl IntoIterator<Item = u64>) -> u64 {
    values.into_iter().fold(0, u64::saturating_add)
}

/// An integer with thousands separators: `1,000,209`.
pub(crate) use crate::numbers::thousands as count;

/// A non-negative float rounded to an integer, with separators.
pub(crate) fn count_f(v: f64) -> String {
    if v.is_finite() && v > 0.0 {
        count(v.round() as u64)
    } else {
        "0".to_owned()
    }
}

/// `n` and the noun, singular for one: `1 rating`, `2 ratings`.
pub(crate) fn plural(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", count(n), if n == 1 { one } else { many })
}

/// A percentage with enough digits to tell tiny shares from zero.
pub(crate) fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        return "0%".to_owned();
    }
    let p = part as f64 * 100.0 / whole as f64;
    if part == 0 || part == whole {
        format!("{p:.0}%")
    } else if p >= 10.0 {
        format!("{p:.1}%")
    } else if p >= 0.01 {
        format!("{p:.2}%")
    } else {
        format!("{p:.1e}%")
    }
}

/// A signed difference of means: `+0.42`, `−0.17` (a true minus sign).
pub(crate) fn signed(v: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, v.abs());
    let zero = text.chars().all(|c| c == '0' || c == '.');
    if zero {
        text
    } else if v < 0.0 {
        format!("\u{2212}{text}")
    } else {
        format!("+{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(1_000_209), "1,000,209");
        assert_eq!(count(u64::MAX), "18,446,744,073,709,551,615");
        assert_eq!(count_f(f64::NAN), "0");
        assert_eq!(count_f(349_999.6), "350,000");
        assert_eq!(plural(1, "user", "users"), "1 user");
        assert_eq!(plural(1200, "user", "users"), "1,200 users");
        assert_eq!(percent(1, 3), "33.3%");
        assert_eq!(percent(1, 1_000_000), "1.0e-4%");
        assert_eq!(percent(0, 5), "0%");
        assert_eq!(percent(5, 5), "100%");
        assert_eq!(signed(0.4249, 2), "+0.42");
        assert_eq!(signed(-0.17, 2), "\u{2212}0.17");
        assert_eq!(signed(-0.001, 2), "0.00");
    }

    #[test]
    fn ramps_stay_in_range() {
        let t = Theme::new(&Style::default());
        assert_eq!(t.sequential(0.0), SEQ_LIGHT[0]);
        assert_eq!(t.sequential(1.0), SEQ_LIGHT[4]);
        assert_eq!(t.sequential(f64::NAN), SEQ_LIGHT[0]);
        assert_eq!(t.diverging(0.0), DIV_LIGHT[2]);
        assert_eq!(t.diverging(-7.0), DIV_LIGHT[0]);
        let odd = Theme::new(&Style {
            scale: f64::INFINITY,
            dark: true,
        });
        assert_eq!(odd.s, 1.0);
        assert_eq!(odd.px(10.0), 10);
    }
}
