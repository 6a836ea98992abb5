using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Customers;
using Portal.Insights;
using Portal.Web;

namespace Portal.Areas.Insights.Pages;

/// The customers behind one cell of the revenue × potential matrix: who has the potential its revenue does not
/// show yet (and the other way round).
public sealed class MatrixModel(SegmentOverview segments) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public Segment Revenue { get; set; }

    [BindProperty(SupportsGet = true)]
    public Segment Potential { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Paged<SegmentOverview.MatrixCustomer> Customers { get; private set; } = new([], 1, PagingExtensions.DefaultPageSize, 0);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return BadRequest("revenue and potential are A, B or C.");
        }

        Customers = (await segments.MatrixCellAsync(Revenue, Potential, cancellationToken)).ToPaged(PageNumber);
        return Page();
    }
}
