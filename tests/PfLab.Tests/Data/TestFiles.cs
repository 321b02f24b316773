namespace PfLab.Tests.Data;

static class FashionMnist
{
    public const string Dir = "/usr/share/datasets/fashion-mnist";
}
