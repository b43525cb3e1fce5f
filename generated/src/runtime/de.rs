//! Deserialization helpers the generated response types use.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A response list: `[…]`, `null`/absent (empty), or Alibaba's wrapper object
/// `{"Items": {"Item": […]}}` whose single member holds the list.
pub fn list<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    struct ListVisitor<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a list, null, or an object wrapping a list")
        }
        fn visit_unit<E>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_none<E>(self) -> Result<Vec<T>, E> {
            Ok(Vec::new())
        }
        fn visit_some<D2: Deserializer<'de>>(self, d: D2) -> Result<Vec<T>, D2::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element()? {
                out.push(item);
            }
            Ok(out)
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::new();
            while let Some(_key) = map.next_key::<String>()? {
                out.extend(map.next_value_seed(ListSeed::<T>(PhantomData))?);
            }
            Ok(out)
        }
    }
    struct ListSeed<T>(PhantomData<T>);
    impl<'de, T: Deserialize<'de>> serde::de::DeserializeSeed<'de> for ListSeed<T> {
        type Value = Vec<T>;
        fn deserialize<D2: Deserializer<'de>>(self, d: D2) -> Result<Vec<T>, D2::Error> {
            d.deserialize_any(ListVisitor(PhantomData))
        }
    }
    d.deserialize_any(ListVisitor(PhantomData))
}
