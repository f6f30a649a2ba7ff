//! Where the texts a chart places itself lie, so that a label can look
//! for a free spot and tests can check that none overlap.

use plotters::prelude::DrawingBackend;
use plotters::style::text_anchor::{HPos, VPos};
use plotters::style::{FontFamily, TextStyle};

use super::frame::Frame;
use super::ChartError;

type Res<T> = Result<T, ChartError>;

/// A text drawn through [`Frame::text`]: what, where, how big, anchored how.
#[derive(Clone)]
pub(crate) struct Drawn {
    pub text: String,
    pub at: (i32, i32),
    pub size: f64,
    pub h: HPos,
    pub v: VPos,
}

/// Where a text lies, in backend pixels: `x0..x1` × `y0..y1`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TextBox {
    pub text: String,
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl TextBox {
    /// Whether the two boxes share any pixel.
    pub fn overlaps(&self, o: &TextBox) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

impl<DB: DrawingBackend> Frame<'_, DB> {
    /// Where a text anchored at `(x, y)` would lie.
    pub fn text_box(
        &self,
        text: &str,
        (x, y): (i32, i32),
        style: &TextStyle,
        h: HPos,
        v: VPos,
    ) -> Res<TextBox> {
        let (w, ht) = self.measure(text, style)?;
        let x0 = match h {
            HPos::Left => x,
            HPos::Center => x - w / 2,
            HPos::Right => x - w,
        };
        let y0 = match v {
            VPos::Top => y,
            VPos::Center => y - ht / 2,
            VPos::Bottom => y - ht,
        };
        Ok(TextBox {
            text: text.to_owned(),
            x0,
            y0,
            x1: x0 + w,
            y1: y0 + ht,
        })
    }

    /// Whether a box is inside the frame and clear of every text drawn so far.
    pub fn is_free(&self, b: &TextBox) -> Res<bool> {
        let inside = b.x0 >= self.x0 && b.y0 >= self.y0 && b.x1 <= self.x1() && b.y1 <= self.y1();
        Ok(inside && !self.texts()?.iter().any(|t| t.overlaps(b)))
    }

    /// Where the texts drawn so far through [`Frame::text`] lie.
    pub fn texts(&self) -> Res<Vec<TextBox>> {
        let drawn = self.texts.borrow().clone();
        drawn
            .iter()
            .map(|d| {
                let style = TextStyle::from((FontFamily::SansSerif, d.size));
                self.text_box(&d.text, d.at, &style, d.h, d.v)
            })
            .collect()
    }
}
