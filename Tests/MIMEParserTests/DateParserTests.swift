import Foundation
import MIMEParser
import Testing

@Suite("Date (RFC 5322 §3.3, §4.3)")
struct DateParserTests {
    /// Expected values from Python's `email.utils.parsedate_to_datetime` (naive = UTC).
    @Test(arguments: [
        ("Sun, 21 Mar 1993 23:56:48 -0800 (PST)", 732_787_008.0),
        ("Fri, 21 Nov 1997 09:55:06 -0600", 880_127_706.0), // RFC 5322 A.1.1
        ("21 Nov 97 09:55:06 GMT", 880_106_106.0), // A.6.2: two-digit year, GMT
        ("Thu,\r\n 13\r\n Feb\r\n 1969\r\n 23:32\r\n -0330 (Newfoundland Time)", -27_723_480.0), // A.6.3
        ("Tue,  3 Oct 2000 18:06:58 -0400 (EDT)", 970_610_818.0),
        ("Mon, 2 Apr 2001 04:20:10 CST", 986_206_810.0), // §4.3 US zone
        ("Mon,  2 Apr 101 04:20:10 CST", 986_206_810.0), // §4.3 three-digit year + 1900
        ("Tue Oct  3 18:06:58 2000", 970_596_418.0), // asctime order, no zone = -0000
        ("1 Jan 2024 00:00:00 +0000", 1_704_067_200.0),
        ("29 Feb 2024 12:00 EDT", 1_709_222_400.0),
        ("1 Jan 2024 00:00:00 A", 1_704_067_200.0), // military zone = -0000
    ])
    func parses(_ value: String, _ epoch: Double) {
        let unfolded = value.replacingOccurrences(of: "\r\n", with: "")
        #expect(DateParser.parse(unfolded)?.timeIntervalSince1970 == epoch)
    }

    @Test(arguments: ["", "yesterday", "32 Jan 2024 00:00 +0000", "29 Feb 2023 00:00 +0000", "1 Jan 2024 25:00 +0000",
                      "1 Foo 2024 10:00 +0000", "1 Jan 2024"])
    func rejects(_ value: String) {
        #expect(DateParser.parse(value) == nil)
    }

    @Test func messageDate() {
        #expect(parse("Date: Fri, 21 Nov 1997 09:55:06 -0600\r\n\r\n").date == Date(timeIntervalSince1970: 880_127_706))
    }
}
