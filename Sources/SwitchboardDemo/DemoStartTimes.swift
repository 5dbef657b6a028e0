import Foundation

/// When demo chats start: mostly in the organisation's daytime and on weekdays, and a little
/// busier on recent days, like a real help widget's traffic.
enum DemoStartTimes {
    /// Relative traffic per local hour of the day.
    static let hourWeights: [Double] = [
        0.15, 0.1, 0.08, 0.08, 0.1, 0.2, 0.45, 0.9, 1.8, 2.6, 3.0, 3.0,
        2.6, 2.7, 2.9, 2.8, 2.5, 2.1, 1.7, 1.5, 1.3, 1.0, 0.6, 0.3,
    ]

    /// Relative traffic per weekday (1 = Sunday … 7 = Saturday).
    static let weekdayWeights: [Int: Double] = [1: 0.4, 2: 1.1, 3: 1.05, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.55]

    /// `count` start times within the last `days` days before `now`, in ascending order.
    static func sample(count: Int, days: Int = 30, now: Date, calendar: Calendar, rng: inout SplitMix64) -> [Date] {
        let today = calendar.startOfDay(for: now)
        // Only the hours that have begun count for today; a start must also lie a while before now.
        let latest = now - 20 * 60
        var dayStarts: [Date] = []
        var dayWeights: [Double] = []
        var hourMasks: [[Double]] = []
        for offset in 0..<days {
            let start = calendar.date(byAdding: .day, value: -offset, to: today) ?? today - Double(offset) * 86_400
            let hours = (0..<24).map { hour -> Double in
                let hourStart = calendar.date(byAdding: .hour, value: hour, to: start) ?? start + Double(hour) * 3600
                return hourStart + 3600 <= latest ? hourWeights[hour] : 0
            }
            let weekday = calendar.component(.weekday, from: start)
            let recency = 1 + 0.5 * Double(days - offset) / Double(days)
            dayStarts.append(start)
            hourMasks.append(hours)
            dayWeights.append(hours.reduce(0, +) * weekdayWeights[weekday, default: 1] * recency)
        }
        var starts: [Date] = []
        starts.reserveCapacity(count)
        for _ in 0..<count {
            let day = rng.weightedIndex(dayWeights)
            let hour = rng.weightedIndex(hourMasks[day])
            let hourStart =
                calendar.date(byAdding: .hour, value: hour, to: dayStarts[day])
                ?? dayStarts[day] + Double(hour) * 3600
            starts.append(hourStart + Double(rng.int(in: 0...3599)))
        }
        return starts.sorted()
    }
}
