using PiCam.Config;
using Xunit;

namespace PiCam.Tests.Config;

public sealed class DotEnvParserTests
{
    private static string Value(DotEnvDocument document, string key) =>
        Assert.Single(document.Entries, e => e.Key == key).Value;

    [Fact]
    public void Parse_KeyValue_SplitsOnTheFirstEquals()
    {
        var document = DotEnvParser.Parse("CERTFILE=certs/a=b\nPORT=8001");

        Assert.Equal("certs/a=b", Value(document, "CERTFILE"));
        Assert.Equal("8001", Value(document, "PORT"));
        Assert.Empty(document.Problems);
    }

    [Fact]
    public void Parse_SpacesAroundKeyAndValue_AreTrimmed()
    {
        var document = DotEnvParser.Parse("  PORT =  8001  ");

        Assert.Equal("8001", Value(document, "PORT"));
    }

    [Fact]
    public void Parse_HashAndSemicolonComments_AreIgnoredWholeLines()
    {
        var document = DotEnvParser.Parse("# PORT=1\n; PORT=2\n   # NAME=x\nQUALITY=70");

        var entry = Assert.Single(document.Entries);
        Assert.Equal(new DotEnvEntry("QUALITY", "70", 4), entry);
        Assert.Empty(document.Problems);
    }

    [Fact]
    public void Parse_BlankAndWhitespaceLines_AreIgnoredButCounted()
    {
        var document = DotEnvParser.Parse("\n   \n\t\nPORT=8001\n\n");

        var entry = Assert.Single(document.Entries);
        Assert.Equal(4, entry.Line);
        Assert.Empty(document.Problems);
    }

    [Fact]
    public void Parse_EmptyText_GivesAnEmptyDocument()
    {
        var document = DotEnvParser.Parse("");

        Assert.Empty(document.Entries);
        Assert.Empty(document.Problems);
    }

    [Theory]
    [InlineData("export PORT=8001")]
    [InlineData("export\tPORT=8001")]
    [InlineData("export    PORT=8001")]
    public void Parse_ExportPrefix_IsRemoved(string line)
    {
        var document = DotEnvParser.Parse(line);

        Assert.Equal("8001", Value(document, "PORT"));
        Assert.Empty(document.Problems);
    }

    [Fact]
    public void Parse_KeyThatStartsWithExport_IsNotMistakenForThePrefix()
    {
        var document = DotEnvParser.Parse("EXPORTED=1");

        Assert.Equal("1", Value(document, "EXPORTED"));
    }

    [Theory]
    [InlineData("NAME=\"Front door\"", "Front door")]
    [InlineData("NAME='Front door'", "Front door")]
    [InlineData("NAME=\"it's\"", "it's")]
    [InlineData("NAME='say \"hi\"'", "say \"hi\"")]
    [InlineData("NAME=\"\"", "")]
    [InlineData("NAME=''", "")]
    [InlineData("NAME=\"\"\"\"", "\"\"")]
    public void Parse_MatchingQuotes_OnePairIsStripped(string line, string expected)
    {
        Assert.Equal(expected, Value(DotEnvParser.Parse(line), "NAME"));
    }

    [Theory]
    [InlineData("NAME=\"Front door'", "\"Front door'")]
    [InlineData("NAME='Front door\"", "'Front door\"")]
    [InlineData("NAME=\"Front door", "\"Front door")]
    [InlineData("NAME=Front door\"", "Front door\"")]
    [InlineData("NAME=\"", "\"")]
    public void Parse_MismatchedQuotes_AreKept(string line, string expected)
    {
        Assert.Equal(expected, Value(DotEnvParser.Parse(line), "NAME"));
    }

    [Fact]
    public void Parse_QuotedValue_KeepsHashAndSurroundingSpaces()
    {
        var document = DotEnvParser.Parse("NAME=\"  cam # 1  \"");

        Assert.Equal("  cam # 1  ", Value(document, "NAME"));
    }

    [Fact]
    public void Parse_LowerAndMixedCaseKeys_AreUpperCased()
    {
        var document = DotEnvParser.Parse("port=8001\nVideo_Source=simulator");

        Assert.Equal("8001", Value(document, "PORT"));
        Assert.Equal("simulator", Value(document, "VIDEO_SOURCE"));
        Assert.All(document.Entries, e => Assert.Equal(e.Key.ToUpperInvariant(), e.Key));
    }

    [Fact]
    public void Parse_ValueCase_IsPreserved()
    {
        Assert.Equal("My Cam", Value(DotEnvParser.Parse("name=My Cam"), "NAME"));
    }

    [Fact]
    public void Parse_RepeatedKey_LastWinsWithAProblem()
    {
        var document = DotEnvParser.Parse("PORT=8001\nNAME=cam\nport=8002");

        var entry = Assert.Single(document.Entries, e => e.Key == "PORT");
        Assert.Equal("8002", entry.Value);
        Assert.Equal(3, entry.Line);
        var problem = Assert.Single(document.Problems);
        Assert.Equal("PORT", problem.Key);
        Assert.Contains("line 1", problem.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_KeyRepeatedThreeTimes_LastWinsWithAProblemPerRepeat()
    {
        var document = DotEnvParser.Parse("PORT=1\nPORT=2\nPORT=3");

        Assert.Equal("3", Value(document, "PORT"));
        Assert.Equal(2, document.Problems.Count);
        Assert.Contains("line 2", document.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("line 3", document.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RepeatedKey_EntriesAreInTheOrderOfTheirLastAssignment()
    {
        // DotEnvDocument.Entries promises "each key once, in the order of their last assignment".
        var document = DotEnvParser.Parse("PORT=1\nNAME=cam\nPORT=2");

        Assert.Equal(["NAME", "PORT"], document.Entries.Select(e => e.Key));
    }

    [Fact]
    public void Parse_LineWithoutEquals_IsAProblemWithItsLineNumberAndOtherLinesStillParse()
    {
        var document = DotEnvParser.Parse("PORT=8001\nthis is not a setting\nNAME=cam");

        var problem = Assert.Single(document.Problems);
        Assert.Contains("line 2", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("this is not a setting", problem.Message, StringComparison.Ordinal); // it could be a password missing its =
        Assert.Equal("8001", Value(document, "PORT"));
        Assert.Equal("cam", Value(document, "NAME"));
        Assert.Equal(2, document.Entries.Count);
    }

    [Theory]
    [InlineData("1ABC=x")]
    [InlineData("A B=x")]
    [InlineData("=x")]
    [InlineData("PO-RT=x")]
    [InlineData("PORT.X=x")]
    [InlineData("ÄPORT=x")]
    public void Parse_InvalidKey_IsAProblemAndTheLineIsIgnored(string line)
    {
        var document = DotEnvParser.Parse("NAME=cam\n" + line);

        var problem = Assert.Single(document.Problems);
        Assert.Contains("line 2", problem.ToString(), StringComparison.Ordinal);
        Assert.Contains("not a valid key", problem.Message, StringComparison.Ordinal);
        Assert.Equal("NAME", Assert.Single(document.Entries).Key);
    }

    [Theory]
    [InlineData("_PRIVATE=x", "_PRIVATE")]
    [InlineData("A1_B2=x", "A1_B2")]
    public void Parse_KeyWithUnderscoresAndDigits_IsValid(string line, string key)
    {
        var document = DotEnvParser.Parse(line);

        Assert.Equal("x", Value(document, key));
        Assert.Empty(document.Problems);
    }

    [Theory]
    [InlineData("PORT=8001 # the web port", "8001")]
    [InlineData("PORT=8001\t# the web port", "8001")]
    [InlineData("PORT=8001    #", "8001")]
    [InlineData("NAME=front door # the porch", "front door")]
    public void Parse_UnquotedTrailingComment_IsStripped(string line, string expected)
    {
        var key = line[..line.IndexOf('=', StringComparison.Ordinal)];
        Assert.Equal(expected, Value(DotEnvParser.Parse(line), key));
    }

    [Theory]
    [InlineData("NAME=a#b", "a#b")]
    [InlineData("NAME=#1", "#1")]
    [InlineData("NAME=cam#1 # comment", "cam#1")]
    public void Parse_HashNotPrecededBySpace_IsPartOfTheValue(string line, string expected)
    {
        Assert.Equal(expected, Value(DotEnvParser.Parse(line), "NAME"));
    }

    [Fact]
    public void Parse_EmptyValueWithTrailingComment_IsEmpty()
    {
        // "an unquoted value ends at ' #'": nothing comes before the comment here.
        var document = DotEnvParser.Parse("KEYFILE= # not yet");

        Assert.Equal("", Value(document, "KEYFILE"));
    }

    [Fact]
    public void Parse_QuotedValueWithTrailingComment_IsUnquoted()
    {
        var document = DotEnvParser.Parse("NAME=\"Front door\" # shown on the page");

        Assert.Equal("Front door", Value(document, "NAME"));
    }

    [Fact]
    public void Parse_CrLfLineEndings_AreNotPartOfValuesAndLinesCountOnce()
    {
        var document = DotEnvParser.Parse("PORT=8001\r\nNAME=\"cam\"\r\nbad line\r\nQUALITY=70\r\n");

        Assert.Equal("8001", Value(document, "PORT"));
        Assert.Equal("cam", Value(document, "NAME"));
        Assert.Equal(4, Assert.Single(document.Entries, e => e.Key == "QUALITY").Line);
        Assert.Contains("line 3", Assert.Single(document.Problems).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Utf8ByteOrderMark_IsIgnored()
    {
        var document = DotEnvParser.Parse("\uFEFFPORT=8001\nNAME=cam");

        Assert.Equal("8001", Value(document, "PORT"));
        Assert.Equal(1, document.Entries[0].Line);
        Assert.Empty(document.Problems);
    }

    [Fact]
    public void Parse_Utf8ByteOrderMarkBeforeAComment_IsIgnored()
    {
        var document = DotEnvParser.Parse("\uFEFF# comment\r\nPORT=8001");

        Assert.Equal("8001", Value(document, "PORT"));
        Assert.Empty(document.Problems);
    }

    [Fact]
    public void Parse_Utf8ByteOrderMarkDecodedFromBytes_IsIgnored()
    {
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat("PORT=8001"u8.ToArray()).ToArray();
        var text = new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(bytes);

        var document = DotEnvParser.Parse(text);

        Assert.Equal("8001", Value(document, "PORT"));
        Assert.Empty(document.Problems);
    }

    [Theory]
    [InlineData("KEYFILE=")]
    [InlineData("KEYFILE=   ")]
    public void Parse_EmptyValue_IsAnEmptyString(string line)
    {
        var document = DotEnvParser.Parse(line);

        Assert.Equal("", Value(document, "KEYFILE"));
        Assert.Empty(document.Problems);
    }

    [Fact]
    public void Parse_VeryLongBadLine_IsShortenedInTheProblem()
    {
        var line = new string('x', 500);

        var problem = Assert.Single(DotEnvParser.Parse(line).Problems);

        Assert.True(problem.Message.Length < 100, problem.Message);
    }
    [Theory]
    [InlineData("VIEWER_PASSWORD hunter2==", "VIEWER_PASSWORD")]
    [InlineData("VIEWER_PASSWORD\thunter2=x", "VIEWER_PASSWORD")]
    [InlineData("WIFI_PASSWORD: hunter2=", "WIFI_PASSWORD")]
    [InlineData("export DUCKDNS_TOKEN hunter2=", "DUCKDNS_TOKEN")]
    [InlineData("hunter2 hunter2=", null)]
    [InlineData("my password is hunter2 = yes", null)]
    [InlineData("VIEWER_PASSWORD hunter2", "VIEWER_PASSWORD")]
    public void Issue9_ALineThatMayHoldASecret_IsReportedByLineNumberAndAtMostItsKnownKey(string line, string? key)
    {
        var document = DotEnvParser.Parse("NAME=cam\n" + line);

        var problem = Assert.Single(document.Problems);
        Assert.Equal("line 2", problem.Key);
        Assert.DoesNotContain("hunter2", problem.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("password is", problem.ToString(), StringComparison.Ordinal);
        if (key is not null)
        {
            Assert.Contains($"'{key}'", problem.Message, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("'", problem.Message, StringComparison.Ordinal);
        }
    }
}
