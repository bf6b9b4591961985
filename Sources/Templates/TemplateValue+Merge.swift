extension TemplateValue {
    /// Deep-merges `override` into this value: where both sides are objects their members merge recursively (keys
    /// of `self` keep their order, new keys of `override` follow); anywhere else `override` wins.
    ///
    /// `/templates/validate` renders each part with the suggested model merged with the caller's
    /// `TestRenderModel`, "the caller's values win" (`mustachio.md` §10):
    /// `suggested.merging(testRenderModel)`.
    public func merging(_ override: TemplateValue) -> TemplateValue {
        guard case .object(let base) = self, case .object(let top) = override else { return override }
        var result = base
        for member in top.members {
            if let existing = result[member.key] {
                result[member.key] = existing.merging(member.value)
            } else {
                result[member.key] = member.value
            }
        }
        return .object(result)
    }
}
