//! The module tree around the action files: which provider / service / version modules exist,
//! what each action file is called (planned before anything is rendered, so names are final),
//! and the module files that declare them once the actions are rendered.

use super::names::{dedup, ident, resolve, snake, version_module, Want};
use super::{
    action_key, client, docs, provider_title, render, types, GenerateError, GeneratedFile, Layout,
    LeftOut, Settings, Warning,
};
use crate::spec::{Provider, Spec};
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What planning and rendering have to say besides files: renamed items and actions left out.
#[derive(Default)]
pub(super) struct Notes {
    pub warnings: Vec<Warning>,
    pub left_out: Vec<LeftOut>,
}

impl Notes {
    pub fn warn(&mut self, scope: impl Into<String>, message: String) {
        self.warnings.push(Warning {
            scope: scope.into(),
            message,
        });
    }

    pub fn leave_out(&mut self, action: String, reason: String) {
        self.left_out.push(LeftOut { action, reason });
    }
}

/// One action to render.
pub(super) struct Job<'a> {
    pub spec: &'a Spec,
    pub names: types::ActionNames,
    pub rel: PathBuf,
}

/// A version module and its actions (indexes into the jobs).
struct VersionPlan {
    version: String,
    vmod: String,
    jobs: Vec<usize>,
}

struct ServicePlan {
    service: String,
    smod: String,
    versions: Vec<VersionPlan>,
}

/// Every module and action file, named.
pub(super) struct Plan<'a> {
    pub jobs: Vec<Job<'a>>,
    providers: Vec<(Provider, Vec<ServicePlan>)>,
}

type Tree<'a> = BTreeMap<Provider, BTreeMap<String, BTreeMap<String, Vec<&'a Spec>>>>;

/// A module or file name without the raw-identifier prefix.
fn file_stem(name: &str) -> &str {
    name.trim_start_matches("r#")
}

/// Specs grouped by provider, service and version (sorted: output is deterministic).
fn group(specs: &[Spec]) -> Tree<'_> {
    let mut tree: Tree = BTreeMap::new();
    for s in specs {
        let a = &s.action;
        tree.entry(a.provider)
            .or_default()
            .entry(a.service.clone())
            .or_default()
            .entry(a.version.clone())
            .or_default()
            .push(s);
    }
    tree
}

impl<'a> Plan<'a> {
    /// Names every module and action file; names are made distinct in every scope.
    pub fn new(specs: &'a [Spec], notes: &mut Notes) -> Plan<'a> {
        let mut plan = Plan {
            jobs: Vec::new(),
            providers: Vec::new(),
        };
        for (provider, services) in group(specs) {
            let services = plan.services(provider, &services, notes);
            plan.providers.push((provider, services));
        }
        plan
    }

    fn services(
        &mut self,
        provider: Provider,
        services: &BTreeMap<String, BTreeMap<String, Vec<&'a Spec>>>,
        notes: &mut Notes,
    ) -> Vec<ServicePlan> {
        let pname = provider.as_str();
        let wants: Vec<Want> = services.keys().map(|s| Want::one(s, snake(s))).collect();
        // A module named like its parent trips `clippy::module_inception`.
        let parent = [pname];
        let mut plans = Vec::new();
        for (named, (service, versions)) in resolve(&wants, &[&parent]).into_iter().zip(services) {
            if let Some(w) = named.warning("service module") {
                notes.warn(pname, w);
            }
            let smod = named.rust().to_string();
            let versions = self.versions(pname, service, &smod, versions, notes);
            plans.push(ServicePlan {
                service: service.clone(),
                smod,
                versions,
            });
        }
        plans
    }

    fn versions(
        &mut self,
        pname: &str,
        service: &str,
        smod: &str,
        versions: &BTreeMap<String, Vec<&'a Spec>>,
        notes: &mut Notes,
    ) -> Vec<VersionPlan> {
        let wants: Vec<Want> = versions
            .keys()
            .map(|v| Want::one(v, version_module(v)))
            .collect();
        let parent = [smod];
        let mut plans = Vec::new();
        for (named, (version, actions)) in resolve(&wants, &[&parent]).into_iter().zip(versions) {
            if let Some(w) = named.warning("version module") {
                notes.warn(format!("{pname}.{service}"), w);
            }
            let vmod = named.rust().to_string();
            let dir = PathBuf::from(pname)
                .join(file_stem(smod))
                .join(file_stem(&vmod));
            let jobs = self.actions(version, &vmod, &dir, actions, notes);
            plans.push(VersionPlan {
                version: version.clone(),
                vmod,
                jobs,
            });
        }
        plans
    }

    /// The action files of one version module; an action documented twice is generated once.
    fn actions(
        &mut self,
        version: &str,
        vmod: &str,
        dir: &Path,
        actions: &[&'a Spec],
        notes: &mut Notes,
    ) -> Vec<usize> {
        let mut actions = actions.to_vec();
        actions.sort_by(|a, b| a.action.name.cmp(&b.action.name));
        let (keep, dropped) = dedup(&actions, |s| s.action.name.clone());
        for i in dropped {
            notes.leave_out(
                action_key(actions[i]),
                format!("version {version} documents it twice; the first is generated"),
            );
        }
        let actions: Vec<&Spec> = keep.into_iter().map(|i| actions[i]).collect();
        let action_names: Vec<&str> = actions.iter().map(|s| s.action.name.as_str()).collect();
        let mut indexes = Vec::new();
        for (spec, (names, warning)) in actions
            .iter()
            .zip(types::ActionNames::for_module(&action_names, vmod))
        {
            if let Some(w) = warning {
                notes.warn(action_key(spec), w);
            }
            let rel = dir.join(format!("{}.rs", file_stem(&names.module)));
            indexes.push(self.jobs.len());
            self.jobs.push(Job { spec, names, rel });
        }
        indexes
    }

    /// The module files declaring every action that rendered (`ok[i]` for job `i`), and the
    /// root file with the registry of version modules. A module left with no action is dropped.
    pub fn module_files(
        &self,
        ok: &[bool],
        settings: &Settings,
        rt: &syn::Path,
    ) -> Result<Vec<GeneratedFile>, GenerateError> {
        let mut files = Vec::new();
        let mut root_items = Vec::new();
        let mut registry = Vec::new();
        for (provider, services) in &self.providers {
            let pname = provider.as_str();
            let mut provider_items = Vec::new();
            for sp in services {
                let mut service_items = Vec::new();
                for vp in &sp.versions {
                    let live: Vec<&Job> = vp
                        .jobs
                        .iter()
                        .filter(|&&i| ok.get(i).copied().unwrap_or(false))
                        .map(|&i| &self.jobs[i])
                        .collect();
                    if live.is_empty() {
                        continue;
                    }
                    let (file, decl) = version_file(*provider, sp, vp, &live, settings, rt)?;
                    files.push(file);
                    service_items.push(decl);
                    let (p, sm, vm) = (ident(pname), ident(&sp.smod), ident(&vp.vmod));
                    registry.push(quote!(#p::#sm::#vm));
                }
                if service_items.is_empty() {
                    continue;
                }
                let service = &sp.service;
                let rel = PathBuf::from(pname)
                    .join(file_stem(&sp.smod))
                    .join("mod.rs");
                let contents = render(quote!(#(#service_items)*), &format!("{pname}/{service}"))?;
                files.push(GeneratedFile {
                    path: rel.clone(),
                    contents,
                });
                let d = docs::doc([format!("{} {service}.", provider_title(*provider))]);
                provider_items.push(module_decl(settings, d, &ident(&sp.smod), &rel));
            }
            if provider_items.is_empty() {
                continue;
            }
            let rel = PathBuf::from(pname).join("mod.rs");
            files.push(GeneratedFile {
                path: rel.clone(),
                contents: render(quote!(#(#provider_items)*), pname)?,
            });
            let d = docs::doc([format!("{} APIs.", provider_title(*provider))]);
            root_items.push(module_decl(settings, d, &ident(pname), &rel));
        }
        let root = match settings.layout {
            Layout::Include => "lib.rs",
            Layout::Modules => "mod.rs",
        };
        let registry = client::registry(rt, &registry);
        files.push(GeneratedFile {
            path: PathBuf::from(root),
            contents: render(quote!(#(#root_items)* #registry), "root")?,
        });
        Ok(files)
    }
}

/// A version module's file (its client and the re-exports of its actions) and the declaration
/// its service module gives it.
fn version_file(
    provider: Provider,
    sp: &ServicePlan,
    vp: &VersionPlan,
    live: &[&Job],
    settings: &Settings,
    rt: &syn::Path,
) -> Result<(GeneratedFile, TokenStream), GenerateError> {
    let pname = provider.as_str();
    let (service, version, vmod) = (&sp.service, &vp.version, &vp.vmod);
    let mut items = Vec::new();
    for job in live {
        let names = &job.names;
        let m = ident(&names.module);
        let (rq, rs, er, bu) = (
            ident(&names.request),
            ident(&names.response),
            ident(&names.error),
            ident(&names.builder),
        );
        let d = docs::doc([format!(
            "{}: {}",
            job.spec.action.name, job.spec.action.summary
        )]);
        items.push(module_decl(settings, d, &m, &job.rel));
        items.push(quote!(pub use #m::{#rq, #rs, #er, #bu};));
    }
    let specs: Vec<&Spec> = live.iter().map(|j| j.spec).collect();
    let names: Vec<types::ActionNames> = live.iter().map(|j| j.names.clone()).collect();
    let client = client::version_client(&specs, &names);
    let rel = PathBuf::from(pname)
        .join(file_stem(&sp.smod))
        .join(file_stem(vmod))
        .join("mod.rs");
    let contents = render(
        quote! {
            #[allow(unused_imports)]
            use #rt as rt;
            #client
            #(#items)*
        },
        &format!("{pname}/{service}/{version}"),
    )?;
    let d = docs::doc([format!(
        "{} {service} API version {version}.",
        provider_title(provider)
    )]);
    let decl = module_decl(settings, d, &ident(vmod), &rel);
    Ok((
        GeneratedFile {
            path: rel,
            contents,
        },
        decl,
    ))
}

/// `pub mod name` for a generated file: `include!`d from `OUT_DIR` for build scripts, a plain
/// module file for vendored trees.
fn module_decl(
    settings: &Settings,
    doc: TokenStream,
    name: &proc_macro2::Ident,
    file: &Path,
) -> TokenStream {
    match settings.layout {
        Layout::Include => {
            let rel = format!("/{}", file.to_string_lossy().replace('\\', "/"));
            quote! {
                #doc
                pub mod #name {
                    include!(concat!(env!("OUT_DIR"), #rel));
                }
            }
        }
        Layout::Modules => quote! {
            #doc
            pub mod #name;
        },
    }
}
