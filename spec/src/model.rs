//! What the index knows of one service version: its actions, objects, members and types.

/// One service at one API version, as the official definition describes it.
///
/// ```
/// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
/// assert_eq!(cvm.name(), "cvm");
/// assert!(cvm.action("DescribeZones").is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    pub(crate) name: String,
    pub(crate) version: String,
    /// Sorted by name.
    pub(crate) actions: Vec<Action>,
    /// Sorted by name.
    pub(crate) objects: Vec<Object>,
}

/// One action: its name and the objects of its request and response.
///
/// ```
/// let iot = tencent_action_spec::service("iotexplorer", "2019-04-23").unwrap();
/// let action = iot.action("CreateTRTCSignaturesWithRoomId").unwrap();
/// assert_eq!(action.input, "CreateTRTCSignaturesWithRoomIdRequest");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    /// The name sent as `X-TC-Action`.
    pub name: String,
    /// The request object's name.
    pub input: String,
    /// The response object's name.
    pub output: String,
}

/// An object: a request, a response or a structure they share.
///
/// ```
/// let iot = tencent_action_spec::service("iotexplorer", "2019-04-23").unwrap();
/// let params = iot.object("TRTCParams").unwrap();
/// assert!(params.member("UserSig").is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Object {
    /// The object's name in the definition.
    pub name: String,
    /// The members, in the definition's order.
    pub members: Vec<Member>,
    /// Where a shared object is used, as the definition says (its `usage`); `None` for
    /// requests, responses and objects it says nothing of.
    pub usage: Option<Usage>,
}

/// Where a shared object is used: in requests, in responses, or both.
///
/// ```
/// use tencent_action_spec::Usage;
/// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
/// assert_eq!(cvm.object("Filter").unwrap().usage, Some(Usage::In));
/// assert_eq!(cvm.object("ZoneInfo").unwrap().usage, Some(Usage::Out));
/// assert_eq!(cvm.input("DescribeZones").unwrap().usage, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Usage {
    /// In requests only.
    In,
    /// In responses only.
    Out,
    /// In requests and responses.
    Both,
}

impl Usage {
    /// The definition's word for it: `in`, `out` or `both`.
    ///
    /// ```
    /// assert_eq!(tencent_action_spec::Usage::Both.as_str(), "both");
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            Usage::In => "in",
            Usage::Out => "out",
            Usage::Both => "both",
        }
    }

    /// The usage the definition's word names, if it is one.
    ///
    /// ```
    /// use tencent_action_spec::Usage;
    /// assert_eq!(Usage::from_word("out"), Some(Usage::Out));
    /// assert_eq!(Usage::from_word("sideways"), None);
    /// ```
    pub fn from_word(word: &str) -> Option<Usage> {
        match word {
            "in" => Some(Usage::In),
            "out" => Some(Usage::Out),
            "both" => Some(Usage::Both),
            _ => None,
        }
    }
}

/// One member of an object.
///
/// ```
/// use tencent_action_spec::Type;
/// let iot = tencent_action_spec::service("iotexplorer", "2019-04-23").unwrap();
/// let input = iot.input("CreateTRTCSignaturesWithRoomId").unwrap();
/// let ids = input.member("TRTCUserIds").unwrap();
/// assert!(ids.required);
/// assert_eq!(ids.ty, Type::List(Box::new(Type::String)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The wire name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// A request must carry it.
    pub required: bool,
    /// A response always carries it: the definition's `output_required`, or its `required`
    /// where it does not say.
    pub output_required: bool,
    /// A response may carry `null` for it.
    pub nullable: bool,
    /// Withdrawn from the documentation (still accepted).
    pub disabled: bool,
}

/// A member's type.
///
/// ```
/// use tencent_action_spec::Type;
/// assert_eq!(Type::List(Box::new(Type::Uint64)).to_string(), "list of uint64");
/// assert_eq!(Type::Object("Filter".into()).to_string(), "object Filter");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Type {
    /// A string.
    String,
    /// A date string, `YYYY-MM-DD`.
    Date,
    /// A date and time string, `YYYY-MM-DD hh:mm:ss`.
    DateTime,
    /// An ISO 8601 date and time string.
    DateTimeIso,
    /// Base64 text.
    Binary,
    /// A signed integer.
    Int64,
    /// An unsigned integer.
    Uint64,
    /// A floating-point number.
    Float,
    /// `true` or `false`.
    Bool,
    /// An object of the named type of the same service version.
    Object(String),
    /// A list of the inner type.
    List(Box<Type>),
}

impl Type {
    /// Whether values of this type are JSON strings.
    ///
    /// ```
    /// assert!(tencent_action_spec::Type::DateTime.is_string());
    /// ```
    pub fn is_string(&self) -> bool {
        matches!(
            self,
            Type::String | Type::Date | Type::DateTime | Type::DateTimeIso | Type::Binary
        )
    }
}

impl std::fmt::Display for Type {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Date => f.write_str("date"),
            Type::DateTime => f.write_str("datetime"),
            Type::DateTimeIso => f.write_str("datetime_iso"),
            Type::Binary => f.write_str("binary"),
            Type::Int64 => f.write_str("int64"),
            Type::Uint64 => f.write_str("uint64"),
            Type::Float => f.write_str("float"),
            Type::Bool => f.write_str("bool"),
            Type::Object(name) => write!(f, "object {name}"),
            Type::List(inner) => write!(f, "list of {inner}"),
        }
    }
}

impl Service {
    /// Builds a service from its parts (sorted here), as the index writer does.
    ///
    /// ```
    /// use tencent_action_spec::{Action, Object, Service};
    /// let s = Service::new("demo", "2020-01-01", vec![], vec![]);
    /// assert_eq!(s.actions().count(), 0);
    /// ```
    pub fn new(
        name: &str,
        version: &str,
        mut actions: Vec<Action>,
        mut objects: Vec<Object>,
    ) -> Self {
        actions.sort_by(|a, b| a.name.cmp(&b.name));
        objects.sort_by(|a, b| a.name.cmp(&b.name));
        Service {
            name: name.to_owned(),
            version: version.to_owned(),
            actions,
            objects,
        }
    }

    /// The service's short name, e.g. `cvm`.
    ///
    /// ```
    /// assert_eq!(tencent_action_spec::service("cvm", "2017-03-12").unwrap().name(), "cvm");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The API version, `YYYY-MM-DD`.
    ///
    /// ```
    /// assert_eq!(tencent_action_spec::service("cvm", "2017-03-12").unwrap().version(), "2017-03-12");
    /// ```
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Every action, by name.
    ///
    /// ```
    /// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
    /// assert!(cvm.actions().any(|a| a.name == "RunInstances"));
    /// ```
    pub fn actions(&self) -> impl ExactSizeIterator<Item = &Action> {
        self.actions.iter()
    }

    /// Every object, by name.
    ///
    /// ```
    /// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
    /// assert!(cvm.objects().any(|o| o.name == "Placement"));
    /// ```
    pub fn objects(&self) -> impl ExactSizeIterator<Item = &Object> {
        self.objects.iter()
    }

    /// The action of that exact name.
    ///
    /// ```
    /// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
    /// assert!(cvm.action("describezones").is_none());
    /// ```
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions
            .binary_search_by(|a| a.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.actions[i])
    }

    /// The object of that exact name.
    ///
    /// ```
    /// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
    /// assert!(cvm.object("Filter").is_some());
    /// ```
    pub fn object(&self, name: &str) -> Option<&Object> {
        self.objects
            .binary_search_by(|o| o.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.objects[i])
    }

    /// The request object of an action.
    ///
    /// ```
    /// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
    /// assert!(cvm.input("DescribeZones").unwrap().members.is_empty());
    /// ```
    pub fn input(&self, action: &str) -> Option<&Object> {
        self.object(&self.action(action)?.input)
    }

    /// The response object of an action (its members include `RequestId`).
    ///
    /// ```
    /// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
    /// assert!(cvm.output("DescribeZones").unwrap().member("ZoneSet").is_some());
    /// ```
    pub fn output(&self, action: &str) -> Option<&Object> {
        self.object(&self.action(action)?.output)
    }
}

impl Object {
    /// The member of that exact wire name.
    ///
    /// ```
    /// let cvm = tencent_action_spec::service("cvm", "2017-03-12").unwrap();
    /// assert!(cvm.object("Filter").unwrap().member("Values").is_some());
    /// ```
    pub fn member(&self, name: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.name == name)
    }
}
