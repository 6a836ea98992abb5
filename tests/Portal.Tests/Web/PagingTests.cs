using Portal.Web;

namespace Portal.Tests.Web;

public sealed class PagingTests
{
    [Theory]
    [InlineData(0, 25, 1)]
    [InlineData(25, 25, 1)]
    [InlineData(26, 25, 2)]
    [InlineData(251, 25, 11)]
    public void Page_count_covers_every_item(int total, int size, int expected) =>
        Assert.Equal(expected, new Paged<int>([], 1, size, total).PageCount);

    [Fact]
    public void First_and_last_pages_have_no_previous_or_next()
    {
        Assert.False(new Paged<int>([], 1, 25, 60).HasPrevious);
        Assert.True(new Paged<int>([], 1, 25, 60).HasNext);
        Assert.False(new Paged<int>([], 3, 25, 60).HasNext);
    }
}
