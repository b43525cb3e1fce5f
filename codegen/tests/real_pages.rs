//! Pages as users bring them (our own text in the layouts real pages use, under
//! tests/fixtures/real): code blocks, lists and notes inside cells, rows continued after a
//! closing pipe, flattened members, Required icons lost in a copy, tables resumed after a note,
//! rows no reader can split, pages that name neither their title nor their host, and what the
//! user says about a page (flags, folders) when the page does not say it.

use docsdk_codegen::defaults::ServiceDefaults;
use docsdk_codegen::extract::Hints;
use docsdk_codegen::scrape::{self, Scraped};
use docsdk_codegen::spec::{Field, FieldType, Provider, Spec};
use std::path::{Path, PathBuf};

fn page(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real")
        .join(name)
}

/// Scraped with the built-in defaults alone, as into a fresh folder.
fn scrape(name: &str) -> Scraped {
    scrape::scrape_page(&page(name), None, &ServiceDefaults::builtin())
        .unwrap_or_else(|e| panic!("{e}"))
}

fn field<'a>(fields: &'a [Field], name: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no field {name}"))
}

/// The names of fields, in order.
fn names_of(fields: &[Field]) -> Vec<&str> {
    fields.iter().map(|f| f.name.as_str()).collect()
}

fn members<'a>(spec: &'a Spec, name: &str) -> Vec<&'a str> {
    spec.struct_named(name)
        .unwrap_or_else(|| panic!("no struct {name}"))
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect()
}

#[test]
fn a_code_block_in_a_cell_does_not_end_the_table_and_flattened_members_nest() {
    let s = scrape("alibaba_flattened_code_in_cell.md");
    let spec = &s.spec;
    let names = names_of(&spec.request);
    // Every row after the Password cell's code block is read.
    assert_eq!(
        names,
        [
            "RegionId",
            "ImageId",
            "Password",
            "SystemDisk",
            "DataDisk",
            "PrivatePoolOptions",
            "Tag",
            "Amount",
            "DryRun"
        ]
    );
    let password = field(&spec.request, "Password");
    assert!(password
        .description
        .contains("()`~!@#$%^&*-_+=|{}[]:;'<>,.?/"));
    assert!(password.description.contains("Keep the password safe"));
    // A row closed by `|` before its description: the description on the next line is its own.
    assert!(field(&spec.request, "Amount")
        .description
        .contains("number of instances"));
    assert_eq!(
        field(&spec.request, "Amount").constraints.maximum,
        Some(100)
    );

    let disk = field(&spec.request, "SystemDisk");
    assert_eq!(
        (&disk.ty, disk.array),
        (&FieldType::named("SystemDisk"), false)
    );
    assert_eq!(members(spec, "SystemDisk"), ["Size", "Category"]);
    let data = field(&spec.request, "DataDisk");
    assert_eq!(
        (&data.ty, data.array),
        (&FieldType::named("DataDisk"), true)
    );
    assert_eq!(members(spec, "DataDisk"), ["Size", "Category"]);
    assert_eq!(members(spec, "PrivatePoolOptions"), ["MatchCriteria", "Id"]);
    // Both spellings of the tag key keep their wire names; the generator names them apart.
    assert_eq!(members(spec, "Tag"), ["Key", "Value", "key"]);
    let size = spec
        .struct_named("SystemDisk")
        .and_then(|s| s.fields.iter().find(|f| f.name == "Size"))
        .expect("Size");
    assert_eq!(
        (&size.ty, size.constraints.maximum),
        (&FieldType::INTEGER, Some(500))
    );

    // Codes that differ only in case are two error codes.
    let codes: Vec<&str> = spec.errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        ["InvalidInstanceId.NotFound", "InvalidInstanceId.NOT_FOUND"]
    );
    // The version comes from the built-in defaults, with a note saying so.
    assert_eq!(spec.action.version, "2014-05-26");
    assert!(s
        .warnings
        .iter()
        .any(|w| w.is_note() && w.message.contains("from the service defaults")));

    // It generates, collisions and all.
    let out = docsdk_codegen::generate::generate_output(
        std::slice::from_ref(spec),
        &docsdk_codegen::generate::Settings::default(),
    )
    .expect("generates");
    assert!(out.left_out.is_empty(), "{:?}", out.left_out);
    assert!(
        out.warnings.iter().any(|w| w.message.contains("`key`")),
        "{:?}",
        out.warnings
    );
}

#[test]
fn required_icons_lost_in_a_copy_a_resumed_table_and_an_unreadable_row() {
    let s = scrape("tencent_copied_without_required_icons.txt");
    let spec = &s.spec;
    let names = names_of(&spec.request);
    assert_eq!(
        names,
        ["InstanceIds", "ForceStop", "StopMode", "KeepCharging"]
    );
    let ids = field(&spec.request, "InstanceIds");
    assert!(
        ids.array && ids.required,
        "required from MissingParameter.InstanceIds"
    );
    assert!(ids.constraints.evidence["required"].contains("MissingParameter.InstanceIds"));
    assert!(!field(&spec.request, "ForceStop").required);
    let lines: Vec<(usize, &str)> = s
        .warnings
        .iter()
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert!(
        lines.contains(&(
            25,
            "table resumes after a note; its rows are read with the header above"
        )),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|(l, m)| *l == 26 && m.contains("looks like a parameter row")),
        "the row no reader could split is named: {lines:?}"
    );
}

#[test]
fn a_page_without_title_or_action_row_names_its_action_in_prose() {
    let spec = scrape("tencent_no_title_no_action_row.md").spec;
    let a = &spec.action;
    assert_eq!(
        (a.service.as_str(), a.name.as_str(), a.version.as_str()),
        ("cvm", "DescribeWidgetQuota", "2017-03-12")
    );
    assert_eq!(a.rate_limit.as_ref().map(|r| r.requests), Some(20));
}

#[test]
fn an_old_help_center_page_is_known_by_its_breadcrumbs() {
    let s = scrape("alibaba_help_center_old.md");
    let a = &s.spec.action;
    assert_eq!(
        (a.provider, a.service.as_str(), a.name.as_str()),
        (Provider::Alibaba, "ecs", "DescribeWidgetStatus")
    );
    assert_eq!(a.endpoint, "ecs.aliyuncs.com");
    let ids = field(&s.spec.request, "InstanceId");
    assert!(ids.array);
}

#[test]
fn a_byteplus_page_without_a_host_is_volcengine_on_byteplus_hosts() {
    let a = scrape("byteplus_no_host.md").spec.action;
    assert_eq!(
        (a.provider, a.service.as_str(), a.version.as_str()),
        (Provider::Volcengine, "vpc", "2020-04-01")
    );
    assert_eq!(a.endpoint, "vpc.byteplusapi.com");
}

#[test]
fn what_a_page_does_not_say_comes_from_flags_folders_or_the_file_name() {
    let tmp = tempfile::tempdir().unwrap();
    // A Volcengine page that names neither host nor service.
    let text = std::fs::read_to_string(page("byteplus_no_host.md"))
        .unwrap()
        .replace("BytePlus ドキュメント > API > VPC", "API reference");
    let nested = tmp.path().join("docs/volcengine/vpc/Modify.md");
    std::fs::create_dir_all(nested.parent().unwrap()).unwrap();
    std::fs::write(&nested, &text).unwrap();
    let flat = tmp.path().join("Modify.md");
    std::fs::write(&flat, &text).unwrap();
    let defaults = ServiceDefaults::builtin();

    let err = scrape::scrape_page(&flat, None, &defaults).unwrap_err();
    assert!(err.to_string().contains("pass --service"), "{err}");

    let s = scrape::scrape_page(&nested, None, &defaults).unwrap();
    assert_eq!(s.spec.action.service, "vpc");
    assert!(s
        .warnings
        .iter()
        .any(|w| w.is_note() && w.message == "service vpc from folder volcengine/vpc"));

    let flags = Hints::from_flags(Some(Provider::Volcengine), Some("vpc"), Some("2020-04-01"));
    let s = scrape::scrape_page_with(&flat, None, &defaults, &flags).unwrap();
    assert_eq!(s.spec.action.service, "vpc");
    assert!(s
        .warnings
        .iter()
        .any(|w| w.message == "service vpc from --service"));
}

/// The page manifest (`pages.toml`, kept by `docsdk fetch`) says what a page does not, and
/// the build reads it: the same page that fails alone is generated with its entry's hints.
#[test]
fn the_build_reads_what_a_page_does_not_say_from_the_page_manifest() {
    let tmp = tempfile::tempdir().unwrap();
    let specs = tmp.path().join("specs");
    let docs = specs.join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let text = std::fs::read_to_string(page("byteplus_no_host.md"))
        .unwrap()
        .replace("BytePlus ドキュメント > API > VPC", "API reference");
    std::fs::write(docs.join("Modify.md"), &text).unwrap();

    let err = docsdk_codegen::load::load_specs(&specs, &docs).unwrap_err();
    assert!(err.to_string().contains("pass --service"), "{err}");

    std::fs::write(
        specs.join("pages.toml"),
        "[[page]]\nurl = \"https://docs.example.com/vpc/Modify\"\nfile = \"Modify.md\"\n\
         provider = \"byteplus\"\nservice = \"VPC\"\n",
    )
    .unwrap();
    let loaded = docsdk_codegen::load::load_specs(&specs, &docs).unwrap();
    let spec = &loaded.specs[0];
    assert_eq!(spec.action.provider, Provider::Volcengine);
    assert_eq!(spec.action.service, "vpc");
    assert!(
        loaded.inputs.contains(&specs.join("pages.toml")),
        "the manifest is a build input: {:?}",
        loaded.inputs
    );
    let from_manifest = loaded
        .warnings
        .iter()
        .any(|(_, w)| w.message.contains("service vpc from") && w.message.contains("pages.toml"));
    assert!(from_manifest, "{:?}", loaded.warnings);

    // A manifest naming an unknown cloud is an error naming the manifest.
    std::fs::write(
        specs.join("pages.toml"),
        "[[page]]\nfile = \"Modify.md\"\nprovider = \"azure\"\n",
    )
    .unwrap();
    let err = docsdk_codegen::load::load_specs(&specs, &docs).unwrap_err();
    let message = err.to_string();
    assert!(
        message.contains("pages.toml") && message.contains("azure"),
        "{message}"
    );
}

/// The old help-center layout copied as browser text: cells separated by spaces, and the
/// Required column's icons gone, so every row has one cell fewer than the header. Required
/// then comes from the error table and the text; whatever neither decides is read as optional
/// with one warning naming those parameters. The error table is copied one cell per line under
/// the old header words (`错误代码`, `语义`).
#[test]
fn help_center_text_with_the_required_icons_lost() {
    let s = scrape("alibaba_help_center_text_icons_lost.txt");
    let spec = &s.spec;
    let names = names_of(&spec.request);
    assert_eq!(names, ["RegionId", "WidgetType", "ZoneId", "PageSize"]);
    assert!(field(&spec.request, "RegionId").required, "from the text");
    assert!(
        field(&spec.request, "WidgetType").required,
        "from MissingParameter.WidgetType"
    );
    assert!(!field(&spec.request, "ZoneId").required);
    assert_eq!(
        field(&spec.request, "PageSize").ty.scalar(),
        Some(docsdk_codegen::spec::ScalarKind::Integer)
    );
    let said: Vec<(usize, &str)> = s
        .warnings
        .iter()
        .filter(|w| w.message.contains("Required cell is empty"))
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert_eq!(said[0].0, 17, "at the first such row, ZoneId: {said:?}");
    assert_eq!(
        spec.errors
            .iter()
            .map(|e| (e.code.as_str(), e.http_status))
            .collect::<Vec<_>>(),
        [("MissingParameter.WidgetType", Some(400))]
    );
    assert!(
        said[0].1.contains("for ZoneId, PageSize ("),
        "names exactly the undecided ones: {said:?}"
    );
}

/// Alibaba's current help-center tables copied as text: a list's item row keeps no name cell
/// (`string | 是 | …` under `名称 | 类型 | 必填 | 描述 | 示例值`), a response table opens with
/// a nameless root `object` row, and types are written `array<object>` (which markdown would
/// otherwise take for an HTML tag). Item rows are not parameters; the lost indentation under
/// an object item is said, and the request example shows where the item's members end.
#[test]
fn help_center_item_rows_without_a_name_cell() {
    let s = scrape("alibaba_help_center_copied_item_rows.md");
    let spec = &s.spec;
    assert_eq!(spec.action.version, "2020-01-01");
    let names = names_of(&spec.request);
    assert!(
        !names.contains(&"string") && !names.contains(&"object"),
        "item rows are not parameters: {names:?}"
    );
    // The request example (`Tag.1.Key=…`) shows where Tag's members end.
    assert_eq!(names, ["RegionId", "WidgetId", "Tag", "DryRun"]);
    let ids = field(&spec.request, "WidgetId");
    assert!(ids.array && ids.required);
    assert_eq!(ids.ty, FieldType::STRING);
    let tag = field(&spec.request, "Tag");
    assert!(tag.array && tag.required, "{tag:?}");
    let tag_struct = tag.ty.struct_name().expect("a list of structs");
    assert_eq!(members(spec, tag_struct), ["Key", "Value"]);
    let response = names_of(&spec.response);
    assert_eq!(response, ["RequestId"]);
    assert!(
        s.warnings
            .iter()
            .any(|w| w.line == 23 && w.message.contains("the items of Tag are objects")),
        "{:?}",
        s.warnings
    );
}

/// A table copied one cell per line with a column the spec has no field for (`默认值`, a
/// default value): the table is read (it used to be dropped whole, its header not being all
/// column words), and the column's values are kept in the description under the page's own
/// header word, where limits are mined as from the text.
#[test]
fn a_default_value_column_is_kept_in_the_description() {
    let s = scrape("default_value_column_one_cell_per_line.txt");
    let spec = &s.spec;
    let names = names_of(&spec.request);
    assert_eq!(names, ["WidgetName", "Size"]);
    let size = field(&spec.request, "Size");
    assert_eq!(
        size.description,
        "小部件大小，单位GiB。取值范围：10~500。 默认值: 10"
    );
    assert_eq!(size.example.as_deref(), Some("20"));
    assert_eq!(size.constraints.minimum, Some(10));
    assert!(field(&spec.request, "WidgetName").required);
    assert!(
        !s.warnings.iter().any(|w| w.message.contains("no rows")),
        "{:?}",
        s.warnings
    );
}

/// Alibaba's current international help center copied from a browser: every cell ends its own
/// line with ` |`, rows start with `| name |`, a cell running over lines is closed by `|`
/// alone, a list's item row starts with `|` alone (its name cell lost), and the response
/// table is headed `Element`. The page used to yield no parameter at all.
#[test]
fn cells_that_end_their_own_lines_with_pipes() {
    let s = scrape("alibaba_intl_copied_cells_end_with_pipes.md");
    let spec = &s.spec;
    let names = names_of(&spec.request);
    assert_eq!(names, ["RegionId", "WidgetIds", "Reason"]);
    let ids = field(&spec.request, "WidgetIds");
    assert!(ids.array && ids.required && ids.ty == FieldType::STRING);
    assert_eq!(ids.constraints.max_items, Some(20));
    let reason = field(&spec.request, "Reason");
    assert_eq!(reason.example.as_deref(), Some("maintenance"));
    assert_eq!(reason.constraints.max_length, Some(128));
    let response = names_of(&spec.response);
    assert_eq!(response, ["RequestId"]);
    assert!(
        !s.warnings
            .iter()
            .any(|w| w.message.contains("not captured") || w.message.contains("skipped")),
        "{:?}",
        s.warnings
    );
}

/// Type cells with text that is no identifier (`date-time`, `JSON string`) are strings, with
/// a warning; `N/A` says there is no type, and the example response shows the struct. A
/// Required cell of `✓` is yes; one that says neither yes nor no (`Conditional`) is warned.
#[test]
fn type_cells_that_name_no_struct() {
    let s = scrape("type_cells_that_name_no_struct.md");
    let spec = &s.spec;
    for name in ["Until", "Spec"] {
        assert_eq!(field(&spec.request, name).ty, FieldType::STRING, "{name}");
    }
    assert!(spec
        .structs
        .iter()
        .all(|st| st.name != "datetime" && st.name != "JSONstring"));
    let gadget = field(&spec.response, "Gadget");
    assert_eq!(gadget.ty, FieldType::named("Gadget"));
    assert_eq!(members(spec, "Gadget"), ["GadgetId"]);
    let said: Vec<&str> = s.warnings.iter().map(|w| w.message.as_str()).collect();
    assert!(
        said.contains(&"type `date-time` of Until not understood; read as string"),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.starts_with("the type of Gadget is given as `N/A`")),
        "{said:?}"
    );
    assert!(field(&spec.request, "Level").required);
    assert!(!field(&spec.request, "Mode").required);
    assert!(
        said.contains(
            &"the Required cell of Mode says `Conditional`, neither yes nor no; read as optional"
        ),
        "{said:?}"
    );
}

/// A saved HTML page whose Required column is drawn with icons: an `<img alt="Yes">` and an
/// empty `<i aria-label="No">` say what they mean in their text alternatives.
#[test]
fn required_icons_drawn_as_images_say_it_in_their_alt_text() {
    let s = scrape("tencent_required_icons_as_images.html");
    let spec = &s.spec;
    assert!(field(&spec.request, "GadgetId").required);
    assert!(!field(&spec.request, "NewSize").required);
    assert!(
        !s.warnings
            .iter()
            .any(|w| w.message.contains("Required cell is empty")),
        "{:?}",
        s.warnings
    );
}

/// No Required column: the name cell carries the mark (`RegionId *`, `GadgetId (required)`),
/// which is not part of the wire name; what nothing marks is read as optional, said once.
#[test]
fn required_marked_in_the_name_cell() {
    let s = scrape("required_marked_in_the_name_cell.md");
    let spec = &s.spec;
    let names = names_of(&spec.request);
    assert_eq!(names, ["RegionId", "GadgetId", "DryRun", "Force"]);
    assert!(field(&spec.request, "RegionId").required);
    assert!(field(&spec.request, "GadgetId").required);
    assert!(!field(&spec.request, "DryRun").required);
    let said: Vec<(usize, &str)> = s
        .warnings
        .iter()
        .filter(|w| w.message.contains("Required"))
        .map(|w| (w.line, w.message.as_str()))
        .collect();
    assert_eq!(
        said,
        [(11, "no Required column or mark says whether DryRun, Force are required, nor does the error table or the text; read as optional")]
    );
}

/// Alibaba Cloud's `help/tc` pages write the same tables in traditional characters
/// (`名稱 | 類型 | 是否必選 | 範例值 | 描述`, `請求參數`, `返回數據`, `錯誤碼`, `整數`).
#[test]
fn traditional_chinese_headers_sections_and_types() {
    let s = scrape("alibaba_traditional_chinese.md");
    let spec = &s.spec;
    let names = names_of(&spec.request);
    assert_eq!(names, ["RegionId", "GizmoIds", "PageSize"]);
    assert!(field(&spec.request, "RegionId").required);
    assert_eq!(
        field(&spec.request, "PageSize").ty.scalar(),
        Some(docsdk_codegen::spec::ScalarKind::Integer)
    );
    assert_eq!(
        field(&spec.request, "PageSize").example.as_deref(),
        Some("10")
    );
    let response = names_of(&spec.response);
    assert_eq!(response, ["RequestId", "TotalCount"]);
    assert_eq!(spec.errors.len(), 1);
    assert_eq!(spec.errors[0].http_status, Some(400));
}
