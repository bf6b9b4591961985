/// Postmark's sending limits (reference section 9), each a named default in one place.
public enum SubmissionLimits {
    /// Recipients across To, Cc and Bcc. Docs disagree between 50 per field and 50 in total;
    /// the stricter total is enforced (reference 12.10).
    public static let maxRecipients = 50
    public static let maxBatchMessages = 500
    /// `/email` and `/email/withTemplate` request bodies.
    public static let maxSingleRequestBytes = 10 * 1024 * 1024
    /// `/email/batch` and `/email/batchWithTemplates` request bodies.
    public static let maxBatchRequestBytes = 50 * 1024 * 1024
    public static let maxBodyBytes = 5 * 1024 * 1024
    public static let maxTagLength = 1000
    public static let maxSubjectLength = 2000
    public static let maxFromLength = 255
    public static let maxMetadataFields = 10
    public static let maxMetadataKeyLength = 20
    public static let maxMetadataValueLength = 80
    /// ErrorCode 411: attachment extensions Postmark refuses.
    public static let forbiddenExtensions: Set<String> = [
        "vbs", "exe", "bin", "bat", "chm", "com", "cpl", "crt", "hlp", "hta", "inf", "ins", "isp", "jse", "lnk",
        "mdb", "pcd", "pif", "reg", "scr", "sct", "shs", "vbe", "vba", "wsf", "wsh", "wsl", "msc", "msi", "msp",
        "mst",
    ]
    public static let trackLinksValues: [String] = ["None", "HtmlAndText", "HtmlOnly", "TextOnly"]
}
