using PfLab.Ops;
using TorchSharp;
using static TorchSharp.torch;

namespace PfLab.Tests.Ops;

/// <summary>The op grammar's edge cases, canonical text and equality, the registry's lists and the stride rules of a chain.</summary>
public class OpRegistryTests
{
    static UserError Refused(string text) => Assert.Throws<UserError>(() => OpSpec.Parse(text));

    [Fact]
    public void The_registry_lists_every_op_in_order_and_by_role()
    {
        Assert.Equal(["conv", "dwconv", "maxpool", "avgpool", "identity", "attn"], OpRegistry.All.Select(k => k.Name));
        Assert.Equal("conv, dwconv, maxpool, avgpool, identity, attn", OpRegistry.KnownList());
        Assert.Equal("conv, dwconv, maxpool, avgpool, identity", OpRegistry.SpatialList());
        Assert.Equal("maxpool, avgpool, attn", OpRegistry.TokenMixerList());
        Assert.Equal("avgpool", OpRegistry.Find("avgpool")!.Name);
        Assert.Null(OpRegistry.Find("pool"));
        Assert.Null(OpRegistry.Find("MaxPool"));     // names are matched after the grammar lower-cases them
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_op_lists_the_known_ones(string text) =>
        Assert.Equal("empty op; write one of: conv, dwconv, maxpool, avgpool, identity, attn", Refused(text).Message);

    [Theory]
    [InlineData("max pool", "max pool")]
    [InlineData("maxpool(k=3", "maxpool(k=3")]
    [InlineData("maxpool+", "")]
    [InlineData("3pool", "3pool")]
    [InlineData("maxpool(k=(3))", "maxpool(k=(3))")]
    public void Unreadable_text_names_the_part_and_the_form(string text, string part) =>
        Assert.Equal($"op '{text}': cannot read '{part}'; the form is name(k=3) or name(k=3,s=2), e.g. maxpool(k=3)", Refused(text).Message);

    [Theory]
    [InlineData("maxpool(k)", "k")]
    [InlineData("maxpool(k=3=4)", "k=3=4")]
    [InlineData("maxpool(k=2.5)", "k=2.5")]
    public void An_argument_must_be_key_equals_integer(string text, string raw) =>
        Assert.Equal($"op '{text}': argument '{raw}' must be key=integer, e.g. k=3", Refused(text).Message);

    [Theory]
    [InlineData("maxpool(k=0)", "k=0")]
    [InlineData("conv(k=3,s=-1)", "s=-1")]
    public void Arguments_below_one_are_refused(string text, string arg) =>
        Assert.Equal($"op '{text}': {arg} must be at least 1", Refused(text).Message);

    [Fact]
    public void Unknown_names_and_arguments_list_what_there_is()
    {
        Assert.Equal("unknown op 'maxpol' (did you mean 'maxpool'?) in 'avgpool(k=2)+maxpol(k=3)'; known ops: conv, dwconv, maxpool, avgpool, identity, attn",
            Refused("avgpool(k=2)+maxpol(k=3)").Message);
        Assert.Equal("unknown op 'zzz' in 'zzz'; known ops: conv, dwconv, maxpool, avgpool, identity, attn", Refused("zzz").Message);
        Assert.Equal("op 'maxpool(q=3)': 'maxpool' has no argument 'q'; its arguments: k, s", Refused("maxpool(q=3)").Message);
        Assert.Equal("op 'attn(k=3)': 'attn' has no argument 'k'; its arguments: none", Refused("attn(k=3)").Message);
    }

    [Fact]
    public void Text_is_read_leniently_and_printed_canonically()
    {
        var op = OpSpec.Parse(" AvgPool( S=2 , K=1 ) + CONV(k=3,) ");
        Assert.Equal("avgpool(k=1,s=2)+conv(k=3)", op.ToString());
        Assert.True(op.IsChain);
        Assert.Equal(2, op.Steps.Count);
        Assert.Equal(1, op.Steps[0].Arg("k"));
        Assert.Equal(2, op.Steps[0].Arg("s"));
        Assert.Null(op.Steps[1].Arg("s"));
        Assert.Equal("maxpool", OpSpec.Parse("maxpool()").ToString());
        Assert.False(OpSpec.Parse("maxpool").IsChain);
        Assert.Equal("maxpool(k=5)", OpSpec.Parse("maxpool(k=3,k=5)").ToString());   // a repeated key: the last one counts
    }

    [Fact]
    public void Steps_print_k_then_s_then_other_keys()
    {
        var step = new OpStep("x", new Dictionary<string, int> { ["z"] = 1, ["s"] = 2, ["k"] = 3 });
        Assert.Equal("x(k=3,s=2,z=1)", step.ToString());
        Assert.Equal("x(k=3,s=2)", new OpStep("x", new Dictionary<string, int> { ["s"] = 2, ["k"] = 3 }).ToString());
        Assert.Equal("x", new OpStep("x", new Dictionary<string, int>()).ToString());
        Assert.Equal("y(k=4)", new OpSpec(new OpStep("y", new Dictionary<string, int> { ["k"] = 4 })).ToString());
    }

    [Fact]
    public void Ops_are_equal_when_their_canonical_text_is()
    {
        var a = OpSpec.Parse("maxpool(s=2,k=3)");
        var b = OpSpec.Parse("MAXPOOL(k=3, s=2)");
        Assert.Equal(a, b);
        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.Steps[0], b.Steps[0]);
        Assert.Equal(a.Steps[0].GetHashCode(), b.Steps[0].GetHashCode());
        Assert.NotEqual(a, OpSpec.Parse("maxpool(k=3)"));
        Assert.False(a.Equals(null));
        Assert.False(a.Steps[0].Equals(null));
        Assert.False(a.Steps[0].Equals(OpSpec.Parse("maxpool(k=3)").Steps[0]));
        Assert.Single(new HashSet<OpSpec> { a, b });
    }

    [Theory]
    [InlineData("maxpool(k=3)", 2, 2)]
    [InlineData("maxpool(k=3)", 1, 1)]
    [InlineData("avgpool(k=2)+conv(k=3)", 2, 2)]        // the block's stride goes to the first step only
    [InlineData("maxpool(k=3,s=2)", 1, 2)]
    [InlineData("conv(k=3,s=2)+conv(k=3,s=2)", 1, 4)]
    [InlineData("avgpool(k=2)+conv(k=3,s=2)", 2, 4)]
    [InlineData("maxpool(k=3,s=1)+conv(k=3)", 2, 1)]
    public void Effective_stride_multiplies_the_steps(string op, int blockStride, int expected) =>
        Assert.Equal(expected, OpRegistry.EffectiveStride(OpSpec.Parse(op), blockStride));

    [Theory]
    [InlineData("maxpool(k=3)", false)]
    [InlineData("avgpool(k=3)+identity", false)]
    [InlineData("identity", false)]
    [InlineData("conv(k=3)", true)]
    [InlineData("avgpool(k=2)+conv(k=3)", true)]
    [InlineData("dwconv(k=3)", true)]
    [InlineData("attn", true)]
    public void Parameters_come_from_any_trainable_step(string op, bool expected) =>
        Assert.Equal(expected, OpRegistry.HasParameters(OpSpec.Parse(op)));

    static long[] OutputShape(string op, int stride)
    {
        using var scope = torch.NewDisposeScope();
        using var module = OpRegistry.BuildSpatial(OpSpec.Parse(op), new SpatialContext("layer2.0", 8, stride, ActivationKind.Relu));
        return module.call(torch.randn(1, 8, 16, 16)).shape;
    }

    [Theory]
    [InlineData("conv(k=3)", true)]
    [InlineData("dwconv(k=3)", true)]
    [InlineData("maxpool(k=3)", true)]
    [InlineData("avgpool(k=2)+conv(k=1)", true)]
    [InlineData("attn", true)]
    [InlineData("identity", false)]
    public void Only_identity_cannot_take_a_down_sampling_blocks_stride(string op, bool expected) =>
        Assert.Equal(expected, OpRegistry.CanDownsample(OpSpec.Parse(op)));

    [Fact]
    public void A_chain_strides_once_and_a_single_op_is_not_wrapped()
    {
        Assert.Equal(new long[] { 1, 8, 8, 8 }, OutputShape("avgpool(k=2)+conv(k=3)", 2));     // not 4x4: only the first step strides
        Assert.Equal(new long[] { 1, 8, 16, 16 }, OutputShape("maxpool(k=3)+conv(k=3)", 1));
        Assert.Equal(new long[] { 1, 8, 8, 8 }, OutputShape("maxpool(k=3)", 2));
        Assert.Equal(new long[] { 1, 8, 4, 4 }, OutputShape("maxpool(k=3,s=2)+conv(k=3,s=2)", 1));

        // Checkpoint keys: a single conv keeps ConvBN keys (0.weight), a chain numbers its steps (1.0.weight).
        using var single = OpRegistry.BuildSpatial(OpSpec.Parse("conv(k=3)"), new SpatialContext("b", 8, 1, ActivationKind.Relu));
        Assert.Contains("0.weight", single.state_dict().Keys);
        using var chain = OpRegistry.BuildSpatial(OpSpec.Parse("avgpool(k=2)+conv(k=3)"), new SpatialContext("b", 8, 2, ActivationKind.Relu));
        Assert.Contains("1.0.weight", chain.state_dict().Keys);
    }

    [Fact]
    public void A_token_mixer_is_one_mixing_op()
    {
        var ctx = new TokenContext("blocks.3", 16, 2, true, 1);
        var chain = Assert.Throws<UserError>(() => OpRegistry.BuildTokenMixer(OpSpec.Parse("maxpool(k=3)+avgpool(k=3)"), ctx));
        Assert.Equal("blocks.3: a token mixer is one op, not a chain ('maxpool(k=3)+avgpool(k=3)')", chain.Message);
        var conv = Assert.Throws<UserError>(() => OpRegistry.BuildTokenMixer(OpSpec.Parse("conv(k=3)"), ctx));
        Assert.Equal("blocks.3: 'conv(k=3)' cannot mix tokens in a transformer block; token mixers: maxpool, avgpool, attn", conv.Message);

        using var scope = torch.NewDisposeScope();
        using var attn = OpRegistry.BuildTokenMixer(OpSpec.Parse("attn"), ctx);
        Assert.NotEmpty(attn.parameters());
        Assert.Equal(new long[] { 2, 16, 16 }, attn.call(torch.randn(2, 16, 16)).shape);
    }
}

/// <summary>"Did you mean" for unknown names: nearest by edit distance, ignoring case, within max(2, length/3) edits.</summary>
public class OpNearestNameTests
{
    [Fact]
    public void The_nearest_known_name_within_the_edit_budget_is_suggested()
    {
        Assert.Equal("maxpool", NearestName.Find("maxpol", ["conv", "maxpool", "avgpool"]));
        Assert.Equal("maxpool", NearestName.Find("MAXPOOL", ["conv", "maxpool"]));
        Assert.Equal("avgpool", NearestName.Find("avgpol", ["maxpool", "avgpool"]));     // 1 edit beats 2
        Assert.Equal("ab", NearestName.Find("xy", ["ab"]));                               // 2 edits: the floor of the budget
        Assert.Null(NearestName.Find("xyz", ["abc"]));                                    // 3 edits on 3 letters
        Assert.Equal("abcdefghijkl", NearestName.Find("abcdefghwxyz", ["abcdefghijkl"])); // 12 letters: 4 edits allowed
        Assert.Null(NearestName.Find("abcdefgvwxyz", ["abcdefghijkl"]));                  // 5 edits
        Assert.Null(NearestName.Find("anything", []));
        Assert.Equal("first", NearestName.Find("firsu", ["first", "firsv"]));            // a tie goes to the first listed
    }

    [Fact]
    public void The_hint_is_a_parenthesis_or_nothing()
    {
        Assert.Equal(" (did you mean 'lr'?)", NearestName.Hint("lrr", ["lr", "epochs"]));
        Assert.Equal("", NearestName.Hint("completely-different", ["lr", "epochs"]));
    }
}
