/// An element of the document tree, as far as selectors need it.
struct HTMLElement: Sendable {
    /// Lower-cased tag name.
    var name: String
    /// The `id` attribute, entity-decoded.
    var id: String?
    /// The `class` attribute split at white space, entity-decoded.
    var classes: [String]
    /// Index of the parent element in the tree, nil for a root.
    var parent: Int?
    /// Index of the start tag in the token list.
    var token: Int
    /// Whether rules may be inlined into this element: not in `<head>`, not a `<style>`, `<script>`, … .
    var styleable: Bool
}
