// One browser and one portal at a time: on a 2-core machine two of them side by side only make both time out.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
