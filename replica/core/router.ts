/** How a route's errors are shown: an HTML page, a console JSON error, Query XML, side-door JSON. */
export type Area = 'signin' | 'console' | 'console-api' | 'aws-api' | 'sidedoor';
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
