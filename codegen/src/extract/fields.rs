//! Table rows → spec fields: names, types, required flags, and nesting into named structs.

use crate::blocks::Row;
use crate::spec::{Field, FieldType, Struct, TypePhrase};
use crate::vocab::{self, Column};
use serde_json::Value;
use std::collections::BTreeSet;

/// Column positions of a parameter table.
#[derive(Debug, Default, Clone)]
pub struct Columns {
    pub name: Option<usize>,
    pub ty: Option<usize>,
    pub required: Option<usize>,
    pub description: Option<usize>,
    pub example: Option<usize>,
    /// Columns of other facts (default value, valid values) with their headers as written.
    pub others: Vec<(usize, String)>,
}

impl Columns {
    pub fn from_header(header: &[String]) -> Columns {
        let mut c = Columns::default();
        for (i, h) in header.iter().enumerate() {
            let slot = match vocab::column(h) {
                Some(Column::Name) => &mut c.name,
                Some(Column::Type) => &mut c.ty,
                Some(Column::Required) => &mut c.required,
                Some(Column::Description) => &mut c.description,
                Some(Column::Example) => &mut c.example,
                Some(Column::Other) => {
                    c.others.push((i, h.trim().to_string()));
                    continue;
                }
                _ => continue,
            };
            slot.get_or_insert(i);
        }
        c
    }
}

/// A field read from one row, before nesting.
#[derive(Debug, Clone)]
pub struct RowField {
    pub field: Field,
    pub depth: u8,
    /// The required cell was empty, so required may be inferred elsewhere.
    pub required_blank: bool,
    /// No row of the page names it: a container implied by its members' dotted names.
    pub implied: bool,
    /// Its table has a Required column (a blank cell there, rather than no column at all).
    pub required_column: bool,
    /// The type names a container (object / struct / array of objects).
    pub container: bool,
    /// Alibaba's flat layout marks an array's item struct with an untyped row of its name.
    pub item_marker: bool,
    /// The type cell says "some struct" without naming one (`Object`, `Array of Struct`), so
    /// the members, if the page lists them, follow in the rows below.
    pub generic: bool,
}

/// A name cell's required mark, which some pages put there instead of a Required column
/// (`RegionId *`, `*RegionId`, `GadgetId (required)`, `名称（必填）`): the name without it, and
/// what it says.
pub fn name_mark(cell: &str) -> (&str, Option<bool>) {
    let name = cell.trim();
    const MARKS: &[(&str, bool)] = &[
        ("(required)", true),
        ("(Required)", true),
        ("（必填）", true),
        ("(必填)", true),
        ("（必选）", true),
        ("(必选)", true),
        ("(optional)", false),
        ("(Optional)", false),
        ("（选填）", false),
        ("(选填)", false),
        ("（可选）", false),
        ("(可选)", false),
    ];
    for (mark, required) in MARKS {
        if let Some(rest) = name.strip_suffix(mark) {
            return (rest.trim(), Some(*required));
        }
    }
    if let Some(rest) = name.strip_suffix('*').or_else(|| name.strip_prefix('*')) {
        let rest = rest.trim();
        // `**` is emphasis the reader left, not a mark.
        if !rest.is_empty() && !rest.starts_with('*') && !rest.ends_with('*') {
            return (rest, Some(true));
        }
    }
    (name, None)
}

/// Strips `.N` / `.n` list markers from a wire name.
pub fn wire_name(cell: &str) -> (String, bool) {
    let name = cell.trim().trim_matches('`').trim();
    for suffix in [".N", ".n"] {
        if let Some(base) = name.strip_suffix(suffix) {
            return (base.to_string(), true);
        }
    }
    // `ScalingRuleId.1`: a numbered list item stands for the list.
    if let Some((base, index)) = name.rsplit_once('.') {
        if !base.is_empty() && !index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()) {
            return (base.to_string(), true);
        }
    }
    (name.to_string(), false)
}

/// A row whose name cell holds a type and whose type cell holds none: a list's item row (or
/// a response's root `object`) whose empty name cell was dropped when the page was copied, so
/// every cell moved one column left (`string | 是 | 资源 ID。 | …` under `名称 | 类型 | 必填 |
/// 描述`). Returns what its type cell — the name cell here — says.
pub fn nameless_item(row: &Row, cols: &Columns) -> Option<TypePhrase> {
    let name = row.cell(cols.name?).trim();
    let ty = row.cell(cols.ty?).trim();
    // Type cells are written lower case (`string`, `object`); a name like `List` is a name.
    let typed_name =
        name.starts_with(|c: char| c.is_ascii_lowercase()) && TypePhrase::is_bare_type(name);
    // What moved into the type column is the Required value or the description, never a
    // type phrase or a struct name.
    let typed_type = vocab::yes_no(ty).is_none()
        && (TypePhrase::is_bare_type(ty)
            || vocab::is_type_phrase(ty)
            || (!ty.is_empty() && ty.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')));
    (typed_name && !typed_type).then(|| TypePhrase::read(name, "Item"))
}

/// The description cell, followed by what the other columns say (`默认值: 10`), so that a
/// default or a range in a column of its own is kept and its limits mined like the text's.
fn description(row: &Row, cols: &Columns) -> String {
    let mut text = cols
        .description
        .map(|i| row.cell(i).trim().to_string())
        .unwrap_or_default();
    for (i, header) in &cols.others {
        let cell = row.cell(*i).trim();
        if cell.is_empty() || cell == "-" {
            continue;
        }
        if !text.is_empty() {
            text.push(if text.ends_with(['。', '.']) {
                ' '
            } else {
                ';'
            });
            if text.ends_with(';') {
                text.push(' ');
            }
        }
        text.push_str(header);
        text.push_str(": ");
        text.push_str(cell);
    }
    text
}

pub fn row_field(row: &Row, cols: &Columns) -> Option<RowField> {
    let (name_cell, marked) = name_mark(row.cell(cols.name?));
    let (name, dotted) = wire_name(name_cell);
    let ty_cell = cols.ty.map(|i| row.cell(i)).unwrap_or("");
    if name.is_empty() {
        return None;
    }
    let phrase = TypePhrase::read(ty_cell, &name);
    let required_cell = cols.required.map(|i| row.cell(i).trim()).unwrap_or("");
    let example = cols
        .example
        .map(|i| row.cell(i).trim())
        .filter(|e| !e.is_empty() && *e != "-")
        .map(str::to_string);
    let field = Field {
        name: name.clone(),
        ty: phrase.ty,
        array: phrase.array || dotted,
        required: vocab::yes_no(required_cell).or(marked).unwrap_or(false),
        description: description(row, cols),
        line: Some(row.line),
        example,
        ..Field::default()
    };
    Some(RowField {
        item_marker: ty_cell.trim().is_empty() && cols.ty.is_some(),
        generic: phrase.generic,
        field,
        depth: row.depth,
        required_blank: required_cell.is_empty() && marked.is_none(),
        required_column: cols.required.is_some(),
        implied: false,
        container: phrase.container,
    })
}

/// Pages flatten nested members into one row each: `SystemDisk.Size` (a member of a struct),
/// `Tag.N.Key` / `Filter.1.Key` (a member of a list of structs), `DataDisk.N.Tag.N.Key` (deeper).
/// Those rows are gathered into their containers, in the order the page first names each
/// container: a container row the page documents itself is kept (and marked as one); one it
/// only implies is added. Members sit one level deeper than their container, which [`nest`]
/// turns into structs; every member keeps its own wire name.
pub fn unflatten(rows: Vec<RowField>) -> Vec<RowField> {
    if !rows.iter().any(|r| member_path(&r.field.name).is_some()) {
        return rows;
    }
    let mut tree = MemberTree::with_capacity(rows.len() + 4);
    for row in rows {
        match member_path(&row.field.name) {
            None => tree.top_level(row),
            Some(path) => tree.member(row, path),
        }
    }
    tree.into_rows()
}

/// The rows of a page as a tree: containers (documented or implied) over their members.
struct MemberTree {
    nodes: Vec<MemberNode>,
    roots: Vec<usize>,
}

struct MemberNode {
    row: RowField,
    children: Vec<usize>,
}

impl MemberTree {
    fn with_capacity(n: usize) -> Self {
        MemberTree {
            nodes: Vec::with_capacity(n),
            roots: Vec::new(),
        }
    }

    /// The child of `parent` (a root when None) with this name and depth.
    fn find(&self, parent: Option<usize>, name: &str, depth: u8) -> Option<usize> {
        let level = match parent {
            Some(p) => &self.nodes[p].children,
            None => &self.roots,
        };
        level.iter().copied().find(|&i| {
            let row = &self.nodes[i].row;
            row.field.name == name && row.depth == depth
        })
    }

    /// Adds a node under `parent` (a root when None) and returns its index.
    fn attach(&mut self, parent: Option<usize>, row: RowField) -> usize {
        self.nodes.push(MemberNode {
            row,
            children: Vec::new(),
        });
        let i = self.nodes.len() - 1;
        match parent {
            Some(p) => self.nodes[p].children.push(i),
            None => self.roots.push(i),
        }
        i
    }

    /// A row without members in its name. When an earlier member row implied a container of
    /// this name, the page's own row for it takes its place and keeps the members.
    fn top_level(&mut self, mut row: RowField) {
        match self.find(None, &row.field.name, row.depth) {
            Some(i) if self.nodes[i].row.field.description.is_empty() => {
                let implied = &mut self.nodes[i];
                row.field.array |= implied.row.field.array;
                row.container = true;
                if row.field.struct_name().is_none() {
                    row.field.ty = FieldType::named(row.field.name.as_str());
                }
                implied.row = row;
            }
            _ => {
                self.attach(None, row);
            }
        }
    }

    /// A member row (`DataDisk.N.Tag.N.Key`): its containers found or implied, then the
    /// member under the innermost one, named by its last segment.
    fn member(&mut self, mut row: RowField, path: Vec<(String, bool)>) {
        let Some(((leaf, leaf_array), containers)) = path.split_last() else {
            return;
        };
        let base_depth = row.depth;
        let mut parent: Option<usize> = None;
        for (level, (name, array)) in containers.iter().enumerate() {
            let depth = base_depth + level as u8;
            parent = Some(self.container(parent, name, *array, depth, row.field.line));
        }
        row.field.name = leaf.clone();
        row.field.array |= *leaf_array;
        row.depth = base_depth + containers.len() as u8;
        self.attach(parent, row);
    }

    /// The container `name` under `parent`, marked as one (and as a list when the path says
    /// so); implied at the member's line when the page has no row for it yet.
    fn container(
        &mut self,
        parent: Option<usize>,
        name: &str,
        array: bool,
        depth: u8,
        line: Option<usize>,
    ) -> usize {
        if let Some(i) = self.find(parent, name, depth) {
            let f = &mut self.nodes[i].row;
            f.field.array |= array;
            f.container = true;
            if f.field.struct_name().is_none() {
                f.field.ty = FieldType::named(name);
            }
            return i;
        }
        let implied = RowField {
            field: Field {
                name: name.to_string(),
                ty: FieldType::named(name),
                array,
                line,
                ..Field::default()
            },
            depth,
            required_blank: true,
            required_column: false,
            implied: true,
            container: true,
            item_marker: false,
            generic: false,
        };
        self.attach(parent, implied)
    }

    /// Depth-first, each container followed by its members.
    fn into_rows(self) -> Vec<RowField> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.into_iter().rev().collect();
        let mut slots: Vec<Option<MemberNode>> = self.nodes.into_iter().map(Some).collect();
        while let Some(i) = stack.pop() {
            let Some(node) = slots.get_mut(i).and_then(Option::take) else {
                continue;
            };
            stack.extend(node.children.iter().rev());
            out.push(node.row);
        }
        out
    }
}

/// `Tag.N.Key` → [("Tag", list), ("Key", not a list)]; None for a name without members.
/// `N`, `n` and numbers mark the segment before them as a list; a trailing one is already
/// stripped by [`wire_name`].
fn member_path(name: &str) -> Option<Vec<(String, bool)>> {
    if !name.contains('.') {
        return None;
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for seg in name.split('.') {
        if seg == "N" || seg == "n" || (!seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()))
        {
            let last = out.last_mut()?;
            last.1 = true;
            continue;
        }
        let ident = seg.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && seg
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ident {
            return None;
        }
        out.push((seg.to_string(), false));
    }
    (out.len() >= 2).then_some(out)
}

/// Builds top-level fields and named structs from rows that may nest. Nesting comes from
/// row depth when the page shows it, else from the example response's JSON keys, else from
/// Alibaba's flat layout (an untyped row naming the item struct).
pub fn nest(
    rows: Vec<RowField>,
    example: Option<&Value>,
    wraps_arrays: bool,
    documented: &BTreeSet<String>,
    structs: &mut Vec<Struct>,
) -> Vec<Field> {
    let mut n = Nester {
        use_depth: rows.iter().any(|r| r.depth > 0),
        top: Vec::new(),
        stack: Vec::new(),
        top_value: example.and_then(|v| object_keys(v).map(|_| v.clone())),
        wraps_arrays,
        documented,
        structs,
    };
    let mut iter = rows.into_iter().peekable();
    while let Some(row) = iter.next() {
        if row.item_marker && !n.stack.is_empty() {
            // "InstanceRamRoleSet" under "Array of InstanceRamRoleSet": names the item struct.
            continue;
        }
        let keep = n.containers_kept(&row);
        n.close_to(keep);
        let value = n
            .parent_value()
            .as_ref()
            .and_then(|v| v.get(&row.field.name))
            .cloned();
        let next = iter.peek();
        if n.opens(&row, value.as_ref(), next) {
            // Alibaba's flat layout names the item in an untyped row after the list.
            let marker = next.filter(|r| r.item_marker).map(|r| r.field.name.clone());
            n.open(row, value, marker);
        } else {
            n.place(row);
        }
    }
    n.close_to(0);
    n.top
}

/// A container row whose members are being read.
struct Open {
    field: Field,
    /// Member names the example shows for it.
    keys: Option<BTreeSet<String>>,
    /// Its value in the example (the item, for a list).
    value: Option<Value>,
    depth: u8,
    fields: Vec<Field>,
}

/// Rows placed at the top level or inside the open containers, which become structs when
/// they close.
struct Nester<'a> {
    /// Rows carry their nesting depth (HTML tables indent members): depth decides.
    use_depth: bool,
    top: Vec<Field>,
    stack: Vec<Open>,
    top_value: Option<Value>,
    wraps_arrays: bool,
    documented: &'a BTreeSet<String>,
    structs: &'a mut Vec<Struct>,
}

impl Nester<'_> {
    /// How many open containers the row stays in. A container whose members the example shows
    /// keeps the names it lists (and, until all of those are placed, names the example shows
    /// nowhere); one the example does not cover keeps rows greedily, as Alibaba's flat layout
    /// lists members right after their container. A name a container already has starts a
    /// new member of an outer one.
    fn containers_kept(&self, row: &RowField) -> usize {
        if self.use_depth {
            return self
                .stack
                .iter()
                .take_while(|o| row.depth > o.depth)
                .count();
        }
        let name = &row.field.name;
        let in_top = top_keys_contains(&self.top_value, name);
        let known = in_top
            || self
                .stack
                .iter()
                .any(|o| o.keys.as_ref().is_some_and(|k| k.contains(name)));
        let mut k = self.stack.len();
        while let Some(o) = k.checked_sub(1).and_then(|i| self.stack.get(i)) {
            let dup = o.fields.iter().any(|f| &f.name == name);
            // Once every member the example shows is placed, a name it does not show belongs
            // further out.
            let complete = |keys: &BTreeSet<String>| {
                keys.iter().all(|k| o.fields.iter().any(|f| &f.name == k))
            };
            let stays = !dup
                && match &o.keys {
                    Some(keys) => keys.contains(name) || (!known && !complete(keys)),
                    None => !in_top,
                };
            if stays {
                break;
            }
            k -= 1;
        }
        k
    }

    /// Closes open containers down to `keep`: each becomes (or extends) its struct and is
    /// placed in its parent.
    fn close_to(&mut self, keep: usize) {
        while self.stack.len() > keep {
            let Some(open) = self.stack.pop() else { break };
            let name = open
                .field
                .struct_name()
                .unwrap_or(&open.field.name)
                .to_string();
            merge_struct(self.structs, &name, open.fields);
            match self.stack.last_mut() {
                Some(parent) => parent.fields.push(open.field),
                None => self.top.push(open.field),
            }
        }
    }

    /// The example value of the innermost open container (or of the top level).
    fn parent_value(&self) -> Option<Value> {
        self.stack
            .last()
            .map(|o| o.value.clone())
            .unwrap_or_else(|| self.top_value.clone())
    }

    /// Whether the row opens a container whose members follow.
    fn opens(&mut self, row: &RowField, value: Option<&Value>, next: Option<&RowField>) -> bool {
        let opens = match next {
            None => false,
            Some(next) if self.use_depth => next.depth > row.depth,
            Some(next) if next.item_marker => true,
            Some(next) => match value {
                Some(v) if is_object_like(v) => {
                    child_keys(v).is_some_and(|k| k.contains(&next.field.name))
                }
                // A generic "object"/"Struct" type with no table of its own on the page: the
                // rows after it are its members (Alibaba's flat layout).
                _ => row.container && row.generic && !self.documented.contains(&row.field.name),
            },
        };
        if !opens && row.container {
            // A reference to a struct documented in its own table or on another page.
            if let Some(name) = row.field.struct_name() {
                let name = name.to_string();
                merge_struct(self.structs, &name, Vec::new());
            }
        }
        opens
    }

    /// Opens a container: works out the item shape (plain object, list of objects, or a
    /// wrapper) and the struct's name.
    fn open(&mut self, mut row: RowField, value: Option<Value>, marker: Option<String>) {
        let (keys, inner, mut wrapper, is_array) = inspect(value.as_ref(), self.wraps_arrays, &row);
        if let Some(item) = &marker {
            if value.is_none() && self.wraps_arrays {
                wrapper = Some(item.clone());
            }
            if row.field.struct_name().is_none_or(|s| s == row.field.name) {
                row.field.ty = FieldType::named(item.as_str());
            }
        }
        if row.field.struct_name().is_none() {
            let struct_name = row.field.name.clone();
            row.field.ty = FieldType::named(struct_name);
        }
        if let Some(w) = wrapper {
            row.field.wrapper = Some(w.clone());
            // Name the item struct after the wrapper's item key, as the example shows it.
            if row.field.struct_name() == Some(row.field.name.as_str()) {
                row.field.ty = FieldType::named(w.as_str());
            }
        }
        row.field.array |= is_array;
        let depth = row.depth;
        self.stack.push(Open {
            field: row.field,
            keys,
            value: inner,
            depth,
            fields: Vec::new(),
        });
    }

    /// Places a member row in the innermost open container (or at the top level). A name
    /// twice at one level (the page repeats a row): the first one stays.
    fn place(&mut self, row: RowField) {
        let siblings = match self.stack.last_mut() {
            Some(parent) => &mut parent.fields,
            None => &mut self.top,
        };
        if !siblings.iter().any(|f| f.name == row.field.name) {
            siblings.push(row.field);
        }
    }
}

fn is_object_like(v: &Value) -> bool {
    match v {
        Value::Object(_) => true,
        Value::Array(items) => items.iter().any(Value::is_object),
        _ => false,
    }
}

/// Keys of an object, or of the items of an array of objects (through one wrapper level).
fn child_keys(v: &Value) -> Option<BTreeSet<String>> {
    match v {
        Value::Object(m) if m.len() == 1 => match m.values().next() {
            Some(Value::Array(items)) => Some(
                items
                    .iter()
                    .filter_map(Value::as_object)
                    .flat_map(|o| o.keys().cloned())
                    .collect(),
            ),
            _ => object_keys(v),
        },
        Value::Object(_) => object_keys(v),
        Value::Array(items) => Some(
            items
                .iter()
                .filter_map(Value::as_object)
                .flat_map(|o| o.keys().cloned())
                .collect(),
        ),
        _ => None,
    }
}

/// A name without case and separators: `free_quota` in an example and `FreeQuota` in a table
/// are the same member, and the table's spelling is kept.
fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn object_keys(v: &Value) -> Option<BTreeSet<String>> {
    v.as_object().map(|m| m.keys().cloned().collect())
}

fn top_keys_contains(top: &Option<Value>, name: &str) -> bool {
    top.as_ref().and_then(|v| v.get(name)).is_some()
}

/// The keys under a container value, the value its children are found in, the wrapper item
/// name (`{"Results": {"Result": [..]}}`), and whether it holds a list.
fn inspect(
    value: Option<&Value>,
    wraps_arrays: bool,
    row: &RowField,
) -> (
    Option<BTreeSet<String>>,
    Option<Value>,
    Option<String>,
    bool,
) {
    let Some(value) = value else {
        let wrapper = (wraps_arrays && row.field.array).then(|| singular(&row.field.name));
        return (None, None, wrapper, row.field.array);
    };
    let merged_items = |items: &Vec<Value>| -> Value {
        let mut merged = serde_json::Map::new();
        for item in items {
            if let Some(m) = item.as_object() {
                for (k, v) in m {
                    merged.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
        }
        Value::Object(merged)
    };
    match value {
        Value::Array(items) => {
            let inner = merged_items(items);
            (object_keys(&inner), Some(inner), None, true)
        }
        Value::Object(map) => {
            if map.len() == 1 {
                match map.iter().next() {
                    Some((k, Value::Array(items))) if wraps_arrays || row.field.array => {
                        let inner = merged_items(items);
                        return (object_keys(&inner), Some(inner), Some(k.clone()), true);
                    }
                    // A list of one, as JSON made from XML shows it: `{"Items": {"Item": {..}}}`.
                    Some((k, inner @ Value::Object(_))) if wraps_arrays && row.field.array => {
                        return (
                            object_keys(inner),
                            Some(inner.clone()),
                            Some(k.clone()),
                            true,
                        );
                    }
                    _ => {}
                }
            }
            (
                object_keys(value),
                Some(value.clone()),
                None,
                row.field.array,
            )
        }
        _ => (None, None, None, row.field.array),
    }
}

fn singular(name: &str) -> String {
    name.strip_suffix("ies")
        .map(|s| format!("{s}y"))
        .or_else(|| name.strip_suffix('s').map(str::to_string))
        .unwrap_or_else(|| name.to_string())
}

/// Members the page's example shows at the top level but no table documents: the page
/// contradicts itself, and the example is what the service really takes or sends, so each one
/// is added as an optional field typed from its example value (objects become structs named
/// after the member). Returns the names added, for a warning. `text_values` says the example
/// is a query string, whose values are all text: `true`/`false` and whole numbers are then
/// read as booleans and integers.
pub fn add_example_members(
    fields: &mut Vec<Field>,
    example: &Value,
    structs: &mut Vec<Struct>,
    skip: &[&str],
    text_values: bool,
    source: &str,
) -> Vec<String> {
    let Some(object) = example.as_object() else {
        return Vec::new();
    };
    let mut added = Vec::new();
    for (key, value) in object {
        if skip.contains(&key.as_str())
            || fields.iter().any(|f| fold(&f.name) == fold(key))
            || !key.starts_with(|c: char| c.is_ascii_alphabetic())
        {
            continue;
        }
        let Some(field) = example_field(key, value, structs, text_values, source, 0) else {
            continue;
        };
        fields.push(field);
        added.push(key.clone());
    }
    added
}

/// A field for an example member; objects (and lists of objects) become structs.
fn example_field(
    key: &str,
    value: &Value,
    structs: &mut Vec<Struct>,
    text_values: bool,
    source: &str,
    depth: usize,
) -> Option<Field> {
    let description = format!("Shown in the page's example {source}; no table documents it.");
    let (item, array) = match value {
        Value::Array(items) => (
            items.iter().find(|v| !v.is_null()).unwrap_or(&Value::Null),
            true,
        ),
        other => (other, false),
    };
    let ty = match item {
        Value::Object(members) if depth < 4 => {
            let mut fields = Vec::new();
            for (k, v) in members {
                if let Some(f) = example_field(k, v, structs, text_values, source, depth + 1) {
                    fields.push(f);
                }
            }
            merge_struct(structs, key, fields);
            FieldType::named(key)
        }
        Value::Object(_) => FieldType::Map,
        Value::Bool(_) => FieldType::BOOLEAN,
        Value::Number(n) if n.is_i64() || n.is_u64() => FieldType::INTEGER,
        Value::Number(_) => FieldType::FLOAT,
        Value::String(s)
            if text_values
                && (s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false")) =>
        {
            FieldType::BOOLEAN
        }
        Value::String(s)
            if text_values
                && !s.is_empty()
                && s.len() < 19
                && s.bytes().all(|b| b.is_ascii_digit()) =>
        {
            FieldType::INTEGER
        }
        _ => FieldType::STRING,
    };
    Some(Field {
        name: key.to_string(),
        ty,
        array,
        description,
        ..Field::default()
    })
}

/// Struct members the page's example shows but its tables do not: a struct documented on
/// another page (Tencent's data-structure pages) gets every member the example shows, a struct
/// documented here gets the ones its table left out, at every depth. Members are typed from the
/// example's values. Returns (struct, member) for each member added to a struct the page
/// documents, for a warning.
pub fn fill_from_example(
    fields: &[Field],
    body: &Value,
    structs: &mut Vec<Struct>,
    source: &str,
) -> Vec<(String, String)> {
    let mut added = Vec::new();
    let mut visited = BTreeSet::new();
    fill_level(fields, body, structs, source, &mut visited, &mut added);
    added
}

fn fill_level(
    fields: &[Field],
    body: &Value,
    structs: &mut Vec<Struct>,
    source: &str,
    visited: &mut BTreeSet<String>,
    added: &mut Vec<(String, String)>,
) {
    for f in fields {
        let Some(name) = f.struct_name().map(str::to_string) else {
            continue;
        };
        let Some(mut value) = body.get(&f.name) else {
            continue;
        };
        if let Some(w) = &f.wrapper {
            value = value.get(w).unwrap_or(value);
        }
        let Some(object) = merged_object(value) else {
            continue;
        };
        // Each struct once: recursive types and shared structs end here.
        if !visited.insert(name.clone()) {
            continue;
        }
        let Some(at) = structs.iter().position(|s| s.name == name) else {
            continue;
        };
        let documented = !structs[at].fields.is_empty();
        for (key, v) in &object {
            if structs[at]
                .fields
                .iter()
                .any(|m| fold(&m.name) == fold(key))
                || !key.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                continue;
            }
            if let Some(member) = example_field(key, v, structs, false, source, 0) {
                if let Some(target) = structs.iter_mut().find(|s| s.name == name) {
                    target.fields.push(member);
                }
                if documented {
                    added.push((name.clone(), key.clone()));
                }
            }
        }
        let members = structs
            .iter()
            .find(|s| s.name == name)
            .map(|s| s.fields.clone())
            .unwrap_or_default();
        fill_level(
            &members,
            &Value::Object(object),
            structs,
            source,
            visited,
            added,
        );
    }
}

/// Where the page's example request shows a parameter differently from its table, the
/// example is what the service took: a list where the table says one value makes the
/// parameter a list; a JSON-array string whose items are objects holds objects, not strings.
/// Returns (parameter, line, what changed) for warnings.
pub fn reconcile_with_example(
    request: &mut [Field],
    example: &Value,
) -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for f in request.iter_mut() {
        let Some(v) = example.get(&f.name) else {
            continue;
        };
        let line = f.line.unwrap_or(0);
        if v.is_array() && !f.array && f.constraints.encoding.is_none() && f.ty != FieldType::Map {
            f.array = true;
            out.push((
                f.name.clone(),
                line,
                "the table gives one value, the example request a list; read as a list".into(),
            ));
        }
        if f.json_array() && f.ty.is_string() {
            let items = v
                .as_str()
                .and_then(|s| serde_json::from_str::<Value>(s).ok());
            if items
                .as_ref()
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(Value::is_object))
            {
                f.ty = FieldType::Map;
                out.push((
                    f.name.clone(),
                    line,
                    "the example request's JSON array holds objects; its items are read as JSON objects".into(),
                ));
            }
        }
    }
    out
}

/// Two examples' values together: object members of both (the first's value kept, nested
/// objects merged), list items of both.
pub fn merge_json(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Object(mut x), Value::Object(y)) => {
            for (k, v) in y {
                let merged = match x.remove(&k) {
                    Some(old) => merge_json(old, v),
                    None => v,
                };
                x.insert(k, merged);
            }
            Value::Object(x)
        }
        (Value::Array(mut x), Value::Array(y)) => {
            // Bounded: a hostile page's examples cannot grow a list without end.
            x.extend(y.into_iter().take(64usize.saturating_sub(x.len())));
            Value::Array(x)
        }
        (Value::Null, b) => b,
        (a, _) => a,
    }
}

/// A query example's `Name.N.Member=value` pairs as nested JSON (`N` indexes a list).
pub fn pairs_to_json(pairs: &[(String, String)]) -> Value {
    fn put(slot: &mut Value, path: &[&str], value: &str) {
        let Some((head, rest)) = path.split_first() else {
            *slot = Value::String(value.to_string());
            return;
        };
        match head.parse::<usize>() {
            // Bounded: pages number list items from 0 or 1.
            Ok(i) if i < 64 => {
                if !slot.is_array() {
                    *slot = Value::Array(Vec::new());
                }
                if let Value::Array(items) = slot {
                    while items.len() <= i {
                        items.push(Value::Null);
                    }
                    put(&mut items[i], rest, value);
                }
            }
            Ok(_) => {}
            Err(_) => {
                if !slot.is_object() {
                    *slot = Value::Object(serde_json::Map::new());
                }
                if let Value::Object(m) = slot {
                    put(
                        m.entry(head.to_string()).or_insert(Value::Null),
                        rest,
                        value,
                    );
                }
            }
        }
    }
    let mut root = Value::Object(serde_json::Map::new());
    for (k, v) in pairs {
        let path: Vec<&str> = k.split('.').collect();
        put(&mut root, &path, v);
    }
    // Lists numbered from 1 leave an empty first slot.
    fn compact(v: &mut Value) {
        match v {
            Value::Array(items) => {
                items.retain(|i| !i.is_null());
                items.iter_mut().for_each(compact);
            }
            Value::Object(m) => m.values_mut().for_each(compact),
            _ => {}
        }
    }
    compact(&mut root);
    root
}

/// The members of an object, or of every object in a list (the union, first value wins).
fn merged_object(v: &Value) -> Option<serde_json::Map<String, Value>> {
    match v {
        Value::Object(m) => Some(m.clone()),
        Value::Array(items) => {
            let mut merged = serde_json::Map::new();
            for item in items.iter().filter_map(Value::as_object) {
                for (k, v) in item {
                    let slot = merged.entry(k.clone()).or_insert(Value::Null);
                    if slot.is_null() {
                        *slot = v.clone();
                    }
                }
            }
            (!merged.is_empty()).then_some(merged)
        }
        _ => None,
    }
}

/// Adds a struct, or merges fields into one of the same name (the same struct documented
/// twice, e.g. once per response, keeps every field once).
pub fn merge_struct(structs: &mut Vec<Struct>, name: &str, fields: Vec<Field>) {
    match structs.iter_mut().find(|s| s.name == name) {
        Some(existing) => {
            for f in fields {
                if !existing.fields.iter().any(|e| e.name == f.name) {
                    existing.fields.push(f);
                }
            }
        }
        None => structs.push(Struct {
            name: name.to_string(),
            description: String::new(),
            fields,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_examples_become_nested_params() {
        let pairs = [
            ("Filters.0.Name".to_string(), "zone".to_string()),
            ("Filters.0.Values.0".to_string(), "ap-1".to_string()),
            ("Filters.1.Name".to_string(), "state".to_string()),
            ("Tag.1.Key".to_string(), "k".to_string()),
        ];
        let v = pairs_to_json(&pairs);
        assert_eq!(
            v,
            serde_json::json!({
                "Filters": [{"Name": "zone", "Values": ["ap-1"]}, {"Name": "state"}],
                "Tag": [{"Key": "k"}]
            })
        );
    }

    #[test]
    fn structs_documented_elsewhere_take_the_example_members() {
        let field = Field {
            name: "Filters".into(),
            ty: FieldType::named("Filter"),
            array: true,
            ..Field::default()
        };
        let mut structs = vec![Struct {
            name: "Filter".into(),
            description: String::new(),
            fields: Vec::new(),
        }];
        let body =
            serde_json::json!({"Filters": [{"Name": "zone", "Values": []}, {"Extra": {"a": 1}}]});
        let added = fill_from_example(&[field], &body, &mut structs, "request");
        // Filling a struct documented elsewhere is no news; nothing to warn about.
        assert!(added.is_empty());
        let members: Vec<(&str, String, bool)> = structs[0]
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.ty.to_string(), f.array))
            .collect();
        assert_eq!(
            members,
            [
                ("Extra", "object:Extra".to_string(), false),
                ("Name", "string".to_string(), false),
                ("Values", "string".to_string(), true)
            ]
        );
        let extra = structs.iter().find(|s| s.name == "Extra").expect("Extra");
        assert_eq!(extra.fields[0].ty, FieldType::INTEGER);
    }

    #[test]
    fn members_a_table_left_out_are_added_with_a_note() {
        let field = Field {
            name: "Item".into(),
            ty: FieldType::named("Item"),
            ..Field::default()
        };
        let mut structs = vec![Struct {
            name: "Item".into(),
            description: String::new(),
            fields: vec![Field {
                name: "Id".into(),
                ty: FieldType::STRING,
                ..Field::default()
            }],
        }];
        let body = serde_json::json!({"Item": {"Id": "x", "Size": 3, "id": "dup"}});
        let added = fill_from_example(&[field], &body, &mut structs, "response");
        assert_eq!(added, [("Item".to_string(), "Size".to_string())]);
    }
}
