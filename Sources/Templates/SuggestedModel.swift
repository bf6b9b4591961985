/// Infers the `SuggestedTemplateModel` that `/templates/validate` returns (`mustachio.md` §11,
/// `reference/postmark-api.md` §8.2).
///
/// Every path in the templates is recorded as a node of one tree, resolved the way rendering resolves it: `../`
/// moves to the parent node (and is ignored at the root), `.` stays, and a block's body is recorded relative to the
/// block's node. For `{{#each}}` that node stands for the elements too, so `{{name}}` in the loop body becomes a
/// field of the element object. Each node remembers whether it was used as a value, a block or a collection, and the
/// suggestion is built bottom-up:
///
/// 1. never used directly (only a prefix, like `a` in `{{a.b}}`) → an object of its children;
/// 2. used only as a value → `"<key>_Value"`;
/// 3. used as a collection → `[{children}]` if it has children, else `["<key>_1", "<key>_2", "<key>_3"]`;
/// 4. anything else (block only, block and value) → an object of its children, `{}` if none.
///
/// Keys appear in the order first used. The root is always an object, even if a template prints `{{.}}` at the top.
public enum SuggestedModel {
    /// The suggestion for all `templates` together (for example a Standard template's Subject, HtmlBody and
    /// TextBody), recorded into one tree in the order given. A layout's `{{{ @content }}}` is ignored; to include a
    /// layout's variables, pass `layout.embedding(body)`.
    public static func infer(from templates: [Template]) -> TemplateValue {
        var tree = InferenceTree()
        for template in templates {
            tree.record(template.nodes, scope: InferenceTree.root)
        }
        return tree.suggestion()
    }

    /// The suggestion for one template.
    public static func infer(from template: Template) -> TemplateValue {
        infer(from: [template])
    }
}
