using System.Net.Sockets;
using PfLab.Studies;

namespace PfLab.Tests.Studies;

/// <summary>
/// YamlSource, the study loader's reading and parsing step: a file that cannot be read, YAML the parser refuses,
/// a second document, and keys or list items that are not plain values, each one line at its position.
/// </summary>
public class StudyLoaderValidationSourceTests
{
    static string Refusal(string yaml) => StudyFiles.Refusal(yaml);

    [Fact]
    public void A_file_that_exists_but_cannot_be_read_is_a_user_error_naming_it()
    {
        // A socket is a file that exists and that no process can open for reading (root included, unlike chmod 000).
        var path = Path.Combine(Directory.CreateTempSubdirectory("pflab-study-").FullName, "study.yaml");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        Assert.True(File.Exists(path));
        var message = Assert.Throws<UserError>(() => StudyLoader.Load(path)).Message;
        Assert.StartsWith($"{path}: cannot be read (", message);
        Assert.EndsWith("); check its permissions", message);
    }

    [Fact]
    public void A_second_document_is_refused_at_its_first_line()
    {
        Assert.Equal("F:5:1: a study file is one YAML document (remove the second '---' and what follows, or merge it into the first)",
            Refusal("name: x\nbase:\n  model: r50\n---\nname: y\n"));
        Assert.Equal("F:1:1: a study file is a YAML mapping with at least 'name' and 'base'", Refusal("just text\n"));
    }

    [Fact]
    public void A_key_the_parser_refuses_is_named_at_its_position_with_the_fix()
    {
        Assert.Equal("F:3:1: malformed YAML: Duplicate key name (a key may appear once per mapping; remove one of them)",
            Refusal("name: x\nbase: {model: r50}\nname: y\n"));
    }

    [Fact]
    public void A_parser_crash_on_broken_input_is_named_after_the_last_node_read()
    {
        // YamlDotNet throws ArgumentException, not YamlException, on an empty verbatim tag; the key before it ends at 3:8.
        Assert.Equal("F:3:8: malformed YAML after this point (check the brackets, quotes and indentation here)",
            Refusal("name: x\nbase:\n  model: !<> r50\n"));
    }

    [Fact]
    public void Keys_and_zip_entries_must_be_plain_values()
    {
        Assert.Equal("F:1:3: a key must be a plain name, not a list or mapping (write key: value)", Refusal("? [name]\n: x\nbase: {model: r50}\n"));
        Assert.Equal("F:1:12: a zip entry must be a single value, not a list", Refusal("zip: [[op, [kernel]]]\nname: x\nbase: {model: r50}\n"));
        Assert.Equal("F:1:12: a zip entry must be a single value, not a mapping", Refusal("zip: [[op, {kernel: 1}]]\nname: x\nbase: {model: r50}\n"));
    }
}
