//! The XML of Office parts as a flat stream of starts, ends and text, names without their
//! prefixes and entities resolved: all the WordprocessingML readers need, without a tree (a part
//! nested ten thousand deep costs no stack).

use quick_xml::events::Event;

pub enum Ev<'a> {
    /// An element opens (an empty element gives a start and an end).
    Start(&'a str, Vec<(&'a str, String)>),
    End(&'a str),
    Text(std::borrow::Cow<'a, str>),
}

/// Calls `f` for each event of `xml`; Err names what is broken.
pub fn walk(xml: &[u8], mut f: impl FnMut(Ev<'_>)) -> Result<(), String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let mut reader = quick_xml::Reader::from_str(text);
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) => f(Ev::Start(local(e.name().into_inner()), attrs(&e))),
            Event::Empty(e) => {
                f(Ev::Start(local(e.name().into_inner()), attrs(&e)));
                f(Ev::End(local(e.name().into_inner())));
            }
            Event::End(e) => f(Ev::End(local(e.name().into_inner()))),
            Event::Text(t) => f(Ev::Text(t.into_inner())),
            Event::CData(t) => f(Ev::Text(t.into_inner())),
            Event::GeneralRef(r) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    _ => match &*r.into_inner() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                };
                if let Some(c) = c {
                    f(Ev::Text(c.to_string().into()));
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The attributes, names without prefixes, values with entities resolved; a malformed one is
/// left out (Word never writes one, and a damaged file still reads as far as it can).
fn attrs<'e>(e: &'e quick_xml::events::BytesStart<'_>) -> Vec<(&'e str, String)> {
    e.attributes()
        .filter_map(Result::ok)
        .map(|a| {
            let value = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default();
            (local(a.key.into_inner()), value)
        })
        .collect()
}

/// The value of attribute `name`.
pub fn attr<'v>(attrs: &'v [(&str, String)], name: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.as_str())
}
