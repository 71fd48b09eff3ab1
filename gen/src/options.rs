//! What to generate and how: the selection of actions, the style and the options.

/// Which actions to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every action of the spec.
    All,
    /// These actions, by wire name (`CreateTRTCSignaturesWithRoomId`).
    Actions(Vec<String>),
}

/// The form of the generated structs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Style {
    /// `#[tencent_action]` and `#[tencent_model]`.
    #[default]
    Macro,
    /// The same structs with plain serde derives and no `tencent_action` attributes.
    PlainSerde,
}

/// Everything [`generate_with`](crate::generate_with) can be asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Which actions.
    pub selection: Selection,
    /// Which form.
    pub style: Style,
    /// Also emit `trait ActionVisitor` and `fn for_each_action`, which hand every generated
    /// action type to a visitor (macro style only).
    pub registry: bool,
    /// Comment lines written below the first line of the output.
    pub header: Vec<String>,
}

impl Options {
    /// These actions in this style, with no registry and no extra header.
    pub fn new(selection: Selection, style: Style) -> Self {
        Options {
            selection,
            style,
            registry: false,
            header: Vec::new(),
        }
    }
}
