using Microsoft.EntityFrameworkCore;

namespace Portal.Web;

/// One page of a list that can grow. Page numbers start at 1; out-of-range pages are clamped, never an error.
public interface IPagerModel
{
    int Page { get; }
    int PageCount { get; }
    int TotalCount { get; }
    bool HasPrevious { get; }
    bool HasNext { get; }
}

public sealed record Paged<T>(IReadOnlyList<T> Items, int Page, int PageSize, int TotalCount) : IPagerModel
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(TotalCount / (double)PageSize));
    public bool HasPrevious => Page > 1;
    public bool HasNext => Page < PageCount;
}

public static class PagingExtensions
{
    public const int DefaultPageSize = 25;

    public static async Task<Paged<T>> ToPagedAsync<T>(this IQueryable<T> query, int page, int pageSize = DefaultPageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, 200);
        var total = await query.CountAsync(cancellationToken);
        var pageCount = Math.Max(1, (int)Math.Ceiling(total / (double)pageSize));
        page = Math.Clamp(page, 1, pageCount);
        var items = await query.Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Paged<T>(items, page, pageSize, total);
    }

    /// A page of a list already in memory (one sorted by a rule SQL cannot run, such as a class threshold).
    public static Paged<T> ToPaged<T>(this IReadOnlyList<T> list, int page, int pageSize = DefaultPageSize)
    {
        pageSize = Math.Clamp(pageSize, 1, 200);
        var pageCount = Math.Max(1, (int)Math.Ceiling(list.Count / (double)pageSize));
        page = Math.Clamp(page, 1, pageCount);
        return new Paged<T>(list.Skip((page - 1) * pageSize).Take(pageSize).ToList(), page, pageSize, list.Count);
    }
}
