using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Rostrvm.Core.Mis;
using Xunit;

namespace Rostrvm.Tests.Unit.Mis
{
    public class MisDaySchedulerTests
    {
        private static readonly DateTime First = new DateTime(2026, 11, 1);

        private static List<DateTime> Days(int count) => Enumerable.Range(0, count).Select(i => First.AddDays(i)).ToList();

        private static Task<IReadOnlyList<string>> Result(DateTime day) =>
            Task.FromResult<IReadOnlyList<string>>(new[] { day.ToString("yyyy-MM-dd"), day.ToString("yyyy-MM-dd") + "+" });

        private static IReadOnlyList<string> Wait(Task<IReadOnlyList<string>> work) => work.GetAwaiter().GetResult();

        [Fact]
        public void Reports_in_day_order_whatever_order_the_days_start_in()
        {
            var days = Days(5);
            var order = new[] { days[0], days[3], days[1], days[4], days[2] };
            var started = new List<DateTime>();
            var reported = new List<string>();
            MisDayScheduler.Run(days, order, 2, d => d, d => { started.Add(d); return Result(d); }, Wait, null,
                outcome => reported.AddRange(outcome.Results));
            Assert.Equal(order, started);
            Assert.Equal(days.SelectMany(d => new[] { d.ToString("yyyy-MM-dd"), d.ToString("yyyy-MM-dd") + "+" }), reported);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Never_runs_more_days_at_once_than_there_are_lanes(int lanes)
        {
            var days = Days(7);
            int running = 0, most = 0;
            MisDayScheduler.Run(days, days, lanes, d => d,
                d => { most = Math.Max(most, ++running); return Result(d); },
                work => { running--; return Wait(work); }, null, _ => { });
            Assert.Equal(lanes, most);
        }

        [Fact]
        public void A_failed_day_is_reported_in_its_place_and_the_others_still_run()
        {
            var days = Days(4);
            var boom = new InvalidOperationException("day 2 failed");
            var outcomes = new List<MisDayOutcome<string>>();
            MisDayScheduler.Run(days, new[] { days[0], days[2], days[1], days[3] }, 2, d => d,
                d => d == days[2] ? Task.FromException<IReadOnlyList<string>>(boom) : Result(d), Wait, null, outcomes.Add);
            Assert.Equal(days, outcomes.Select(o => o.Day));
            Assert.Same(boom, outcomes[2].Error);
            Assert.Empty(outcomes[2].Results);
            Assert.All(outcomes.Where(o => o.Day != days[2]), o => Assert.Null(o.Error));
            Assert.All(outcomes.Where(o => o.Day != days[2]), o => Assert.Equal(2, o.Results.Count));
        }

        [Fact]
        public void A_declined_day_is_not_waited_for_and_is_reported_as_declined()
        {
            var days = Days(3);
            var waited = new List<DateTime>();
            var outcomes = new List<MisDayOutcome<string>>();
            MisDayScheduler.Run(days, days, 2, d => d, d => d == days[1] ? null : Result(d), Wait,
                (day, count) => waited.Add(day), outcomes.Add);
            Assert.Equal(new[] { days[0], days[2] }, waited);
            Assert.True(outcomes[1].Declined);
            Assert.Empty(outcomes[1].Results);
            Assert.False(outcomes[0].Declined);
        }

        [Fact]
        public void Tells_which_day_it_waits_for_and_how_many_so_far()
        {
            var days = Days(3);
            var order = new[] { days[2], days[0], days[1] };
            var waits = new List<(DateTime, int)>();
            MisDayScheduler.Run(days, order, 2, d => d, Result, Wait, (day, count) => waits.Add((day, count)), _ => { });
            Assert.Equal(new[] { (days[2], 1), (days[0], 2), (days[1], 3) }, waits);
        }

        [Fact]
        public void A_cancelled_wait_stops_the_run()
        {
            var days = Days(3);
            var reported = new List<DateTime>();
            Func<Task<IReadOnlyList<string>>, IReadOnlyList<string>> cancelled = _ => throw new OperationCanceledException();
            Assert.Throws<OperationCanceledException>(() =>
                MisDayScheduler.Run(days, days, 1, d => d, Result, cancelled, null, o => reported.Add(o.Day)));
            Assert.Empty(reported);
        }
    }
}
