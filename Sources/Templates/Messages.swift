/// Error texts. The parse and render messages are the engine's, verbatim (`mustachio.md` §5, §8); the layout
/// messages are Postage's own, since Postmark reports that case only as ErrorCode 1131 (§9).
enum Messages {
    static func invalidPath(_ path: String) -> String {
        "The path '\(path)' is not valid. Please see documentation for examples of valid paths."
    }

    static let eachWithoutPath =
        "The 'each' block being opened requires a model path to be specified in the form '{{#each <name>}}'."

    static let badEachClose = "The syntax to close the 'each' block should be: '{{/each}}'."

    static let eachCloseWithoutOpen =
        "An 'each' block is being closed, but no corresponding opening element ('{{#each <name>}}') was detected."

    static let mismatchedClose = "It appears that open and closing elements are mismatched."

    static func unclosed(_ path: String) -> String {
        "A scope block to the following path was opened but not closed: '\(path)', "
            + "please close it using the appropriate syntax."
    }

    static func notAnArray(_ path: String) -> String {
        "'\(path)' is used like an array by the template, but is a scalar value or object in your model."
    }

    static let layoutWithoutContent =
        "A layout must contain the content placeholder '{{{ @content }}}' exactly once, but it has none."

    static let layoutRepeatedContent =
        "A layout must contain the content placeholder '{{{ @content }}}' exactly once; this is a second one."

    static let notALayout = "Only a template parsed as a Layout can wrap other content."

    static let layoutInLayout = "A Layout cannot itself be placed in a layout."
}
